import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { message } from '../../src/core/messages/message';
import type { Judge } from '../../src/core/ports';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { DEMO_CHANNEL, DEMO_ORGANIZER } from '../../src/local/demo-round';
import { createLocalHttpHandler } from '../../src/local/http-app';
import { examplesDir } from '../../src/local/paths';
import { startTestLeague, type TestLeague } from '../support/league';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the playground browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const TOKEN = 'playground-browser-test-token';
const dataset = (name: string) => join(examplesDir(), 'datasets', name);

/** Judges that pass straight through until the test closes their gate (a submission held "Being judged"). */
function judgeGate() {
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    wrap: (judge: Judge): Judge => ({
      modelId: judge.modelId,
      family: judge.family,
      async judge(req) {
        if (gate) await gate;
        return judge.judge(req);
      },
    }),
    close() {
      gate = new Promise((r) => {
        release = r;
      });
    },
    open() {
      gate = undefined;
      release?.();
    },
  };
}

describe.skipIf(!hasChromium)('the playground in Chromium', () => {
  let league: TestLeague;
  let server: Server;
  let browser: Browser;
  let base: string;
  const gate = judgeGate();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    league = await startTestLeague({
      env: { LEAGUE_FINALE_EXPERTS: 'local:demo:expert' },
      override: (deps) => ({ ...deps, judges: deps.judges.map(gate.wrap) }),
    });
    server = createServer(
      createLocalHttpHandler(league, { organizers: [DEMO_ORGANIZER], playground: { token: TOKEN } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    gate.open();
    await league?.queue.drain(60_000).catch(() => undefined);
    await browser?.close();
    server?.close();
    await league?.close();
  });

  const open = async (
    who: string,
    viewport = { width: 1280, height: 800 },
  ): Promise<{ page: Page; context: BrowserContext }> => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}/?token=${TOKEN}`);
    await page.selectOption('#who', `local:demo:${who}`);
    await page.locator('#channel .msg').first().waitFor();
    return { page, context };
  };
  const say = async (page: Page, text: string, file?: string) => {
    if (file) await page.setInputFiles('#file', file);
    await page.fill('#text', text);
    await page.click('#composer button[type=submit]');
  };
  /** The newest reply only the sender sees. */
  const lastReply = (page: Page) => page.locator('#channel .msg.ephemeral').last();
  const replyMatching = (page: Page, text: RegExp) =>
    page.locator('#channel .msg.ephemeral', { hasText: text }).last().waitFor({ timeout: 20_000 });

  it("takes the README's tour: help, rounds, a submission ticking through to its result, a rejection, the leaderboard, the organizer's close and results", async () => {
    const { page, context } = await open('alice');
    await say(page, 'help');
    await replyMatching(page, /LLM League — commands/);
    expect(await lastReply(page).locator('.meta').textContent()).toMatch(/^Only visible to you/);
    await say(page, 'rounds');
    await replyMatching(page, /Personal Finance Sprint/);
    expect(await lastReply(page).textContent()).toMatch(/Deadline.*Quota.*Dataset/s);

    await say(page, 'submit', dataset('strong.jsonl'));
    await replyMatching(page, /Received strong\.jsonl for Personal Finance Sprint — validating…/);
    const progress = page.locator('#dms .msg', { hasText: /^League bot.*Submission \w+ · Personal Finance Sprint/ });
    await progress.first().waitFor({ timeout: 20_000 });
    await page.locator('#dms .msg', { hasText: /Your submission \w+ is scored/ }).waitFor({ timeout: 60_000 });
    expect(await progress.first().textContent()).toMatch(/✓ Scored/);
    const result = await page.locator('#dms .msg', { hasText: /is scored/ }).textContent();
    expect(result).toMatch(/Win rate against the reference.*95% CI/);
    expect(result).toMatch(/Strict wins.*Length-controlled.*Cost/s);
    expect(result).toMatch(/Clearest wins/);

    // bob drops his file on the page instead of picking it.
    await page.selectOption('#who', 'local:demo:bob');
    await page
      .locator('#channel .msg.ephemeral', { hasText: /submission|no submissions/i })
      .last()
      .waitFor();
    const poor = readFileSync(dataset('poor.jsonl'), 'utf8');
    // A drop as the browser makes it: a DataTransfer holding the file (the test has no DOM types, so a string).
    const drop = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(poor)}], 'poor.jsonl')); return dt; })()`,
    );
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: drop });
    expect(await page.locator('#drop-overlay').isVisible()).toBe(true);
    await page.dispatchEvent('body', 'drop', { dataTransfer: drop });
    expect(await page.locator('#drop-overlay').isVisible()).toBe(false);
    expect(await page.locator('#file-name').textContent()).toContain('poor.jsonl');
    await say(page, 'submit');
    await replyMatching(page, /Received poor\.jsonl/);

    // carol's file has a broken line: the rejection names it and says what to fix.
    await page.selectOption('#who', 'local:demo:carol');
    const rows = readFileSync(dataset('medium.jsonl'), 'utf8').split('\n');
    rows[6] = '{"instruction": "What is APR?", "response": "The yearly rate"';
    const broken = join(league.dataDir, 'broken.jsonl');
    writeFileSync(broken, rows.join('\n'));
    await say(page, 'submit', broken);
    const rejected = page.locator('#dms .msg', { hasText: /was rejected/ });
    await rejected.waitFor({ timeout: 30_000 });
    expect(await rejected.textContent()).toMatch(/line 7: Not valid JSON.*→/);
    expect(await rejected.textContent()).toMatch(/counts against today's quota/);

    await page
      .locator('#dms .msg', { hasText: /is scored|was rejected/ })
      .first()
      .waitFor();
    await league.queue.drain(60_000);
    const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#lb-link')]);
    await popup.locator('tr.entry-row').nth(1).waitFor({ timeout: 20_000 });
    expect(await popup.locator('tr.entry-row td.member').allTextContents()).toEqual(['alice', 'bob']);
    expect(await popup.locator('#round-status').textContent()).toMatch(/^Open · closes \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await popup.close();

    // Members who try organizer commands are refused; the organizer closes and posts the results.
    await say(page, 'round close');
    await replyMatching(page, /Only organizers can do that/);
    await page.selectOption('#who', 'local:demo:organizer');
    await say(page, 'round close');
    await replyMatching(page, /Closed Personal Finance Sprint/);
    await say(page, 'round results');
    await replyMatching(page, /Posted the results of Personal Finance Sprint/);
    await page.locator('#channel img.b-attachment').waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('cancelling while judging turns the progress message into "Cancelled" with no Cancel button left', async () => {
    await league.run(
      { userId: DEMO_ORGANIZER, channel: DEMO_CHANNEL, isOrganizer: true },
      'round open name="Cancel Cup" domain=x id=cancel-cup',
    );
    const questions = readFileSync(join(examplesDir(), 'demo-round', 'questions.jsonl'), 'utf8');
    await handleCommand(
      league.deps,
      { userId: DEMO_ORGANIZER, channel: DEMO_CHANNEL, isOrganizer: true },
      parseCommand('round questions cancel-cup'),
      { name: 'q.jsonl' },
      async () => questions,
    );
    const { page, context } = await open('dave');
    gate.close();
    await say(page, 'submit cancel-cup', dataset('medium.jsonl'));
    const progress = page.locator('#dms .msg').first();
    await page.locator('#dms .msg', { hasText: /▸ Being judged/ }).waitFor({ timeout: 60_000 });
    await progress.locator('button[data-action=cancel]').click();
    await replyMatching(page, /is cancelled/);
    gate.open();
    await league.queue.drain(60_000);
    await page.locator('#dms .msg', { hasText: /✗ Cancelled/ }).waitFor({ timeout: 20_000 });
    // Late judge batches finished after the cancel; they put no button and no counter back.
    await page.waitForTimeout(500);
    expect(await progress.textContent()).toMatch(/✗ Cancelled/);
    expect(await progress.textContent()).not.toMatch(/batches judged/);
    expect(await page.locator('#dms button[data-action=cancel]').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('shows an over-long command, and any other error answer, as an error and keeps updating', async () => {
    const { page, context } = await open('alice');
    await say(page, `submit ${'x'.repeat(4100)}`);
    await replyMatching(page, /commands are at most 4,000/);
    expect(await lastReply(page).locator('.tone-error').count()).toBe(1);
    // A proxy in the way answering with no JSON at all.
    await page.route('**/api/command?*text=status*', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }),
    );
    await say(page, 'status');
    await replyMatching(page, /The server answered 502/);
    await page.unroute('**/api/command?*text=status*');
    // Still painting: a reply and a channel post made outside the page both show.
    await say(page, 'help');
    await replyMatching(page, /LLM League — commands/);
    await league.deps.chat.post(DEMO_CHANNEL, message('A post from elsewhere, after the errors.'));
    await page.locator('#channel .msg', { hasText: 'A post from elsewhere, after the errors.' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);

  it('at 390 px wide: no sideways scrolling, Send in view, conversations behind tabs with unread counts', async () => {
    const { page, context } = await open('alice', { width: 390, height: 844 });
    await say(page, 'help');
    await replyMatching(page, /LLM League — commands/);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    const send = await page.locator('#composer button[type=submit]').boundingBox();
    expect(send!.x + send!.width).toBeLessThanOrEqual(390);
    expect(send!.y + send!.height).toBeLessThanOrEqual(844);
    expect(await page.locator('#pane-dms').isVisible()).toBe(false);
    // A DM while the channel is shown: the DMs tab counts it; opening the tab reads it.
    await league.deps.chat.dm('local:demo:alice', message('Your progress is here.'));
    const badge = page.locator('#tab-dms .badge');
    await badge.waitFor({ state: 'visible' });
    expect(await badge.textContent()).toBe('1 new');
    await page.click('#tab-dms');
    expect(await page.locator('#pane-dms').isVisible()).toBe(true);
    await page.locator('#dms .msg', { hasText: 'Your progress is here.' }).waitFor();
    await badge.waitFor({ state: 'hidden' });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await context.close();
  }, 60_000);

  it('follows the newest message unless the reader scrolled up, then offers a "new messages" button', async () => {
    const { page, context } = await open('bob', { width: 1280, height: 600 });
    for (let i = 0; i < 4; i++) {
      await say(page, 'help');
      await page
        .locator('#channel .msg.ephemeral')
        .nth(i + 1)
        .waitFor();
    }
    const feed = page.locator('#channel');
    const gap = () => feed.evaluate((f) => f.scrollHeight - f.scrollTop - f.clientHeight);
    expect(await gap()).toBeLessThanOrEqual(48);
    // At the bottom, a new post is followed.
    await league.deps.chat.post(DEMO_CHANNEL, message('Followed post.'));
    await page.locator('#channel .msg', { hasText: 'Followed post.' }).waitFor();
    await expect.poll(gap).toBeLessThanOrEqual(48);
    // Scrolled up to read: the view stays, a button counts what came.
    await feed.evaluate((f) => {
      f.scrollTop = 0;
    });
    await league.deps.chat.post(DEMO_CHANNEL, message('Arrived while reading.'));
    await page.locator('#channel .msg', { hasText: 'Arrived while reading.' }).waitFor();
    expect(await feed.evaluate((f) => f.scrollTop)).toBe(0);
    const jump = page.locator('#pane-channel .jump');
    await jump.waitFor({ state: 'visible' });
    expect(await jump.textContent()).toBe('1 new message ↓');
    expect(await page.locator('#channel .unread-divider').count()).toBe(1);
    await jump.click();
    await expect.poll(gap).toBeLessThanOrEqual(48);
    await jump.waitFor({ state: 'hidden' });
    // The DM pane opens on its newest message, and a DM there while the reader is in the channel is marked unread.
    for (let i = 0; i < 12; i++) await league.deps.chat.dm('local:demo:bob', message(`DM number ${i}.`));
    await page.locator('#dms .msg', { hasText: 'DM number 11.' }).waitFor();
    const dmGap = () => page.locator('#dms').evaluate((f) => f.scrollHeight - f.scrollTop - f.clientHeight);
    await expect.poll(dmGap).toBeLessThanOrEqual(48);
    const dmBadge = page.locator('#dm-title .badge');
    await dmBadge.waitFor({ state: 'visible' });
    expect(await dmBadge.textContent()).toBe('12 new');
    await page.locator('#dms').hover();
    await page.mouse.down();
    await page.mouse.up();
    await dmBadge.waitFor({ state: 'hidden' });
    await context.close();
  }, 60_000);

  it("completes commands from help's own table, organizer commands for organizers only", async () => {
    const { page, context } = await open('alice');
    await page.fill('#text', '');
    await page.type('#text', 'sub');
    const options = page.locator('#suggestions [role=option]');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual([
      expect.stringMatching(/^submit \[round\].*attach a JSONL dataset/),
      expect.stringMatching(/^submit draft=<draft>.*the reviewed draft/),
    ]);
    await page.keyboard.press('Tab');
    expect(await page.inputValue('#text')).toBe('submit ');
    await page.fill('#text', '');
    await page.type('#text', 'round o');
    await page.waitForTimeout(200);
    expect(await options.count()).toBe(0);
    await page.selectOption('#who', 'local:demo:organizer');
    await page.fill('#text', '');
    await page.type('#text', 'round ');
    await options.first().waitFor();
    expect((await options.allTextContents()).map((t) => t.split(' ').slice(0, 2).join(' '))).toEqual([
      'round open',
      'round questions',
      'round announce',
      'round close',
      'round results',
    ]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#text')).toBe('round questions ');
    await context.close();
  }, 60_000);
});
