import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANIZER, organizerActor } from '../../src/local/demo-round';
import { createLocalHttpHandler } from '../../src/local/http-app';
import { startTestLeague, type TestLeague } from '../support/league';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the leaderboard browser test: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const PLAYGROUND_TOKEN = 'browser-test-playground-token';

describe.skipIf(!hasChromium)('the leaderboard page in Chromium', () => {
  let league: TestLeague;
  let server: Server;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    league = await startTestLeague({ env: { LEAGUE_FINALE_EXPERTS: 'local:demo:expert' } });
    server = createServer(
      createLocalHttpHandler(league, { organizers: [DEMO_ORGANIZER], playground: { token: PLAYGROUND_TOKEN } }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await league?.close();
  });

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${base}${path}`);
    return page;
  };
  const centre = async (page: Page, selector: string) => {
    const boxes = await Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
    return boxes.map((b) => ({ x: b!.x + b!.width / 2, y: b!.y + b!.height / 2, area: b!.width * b!.height }));
  };

  it('fills in the demo round live, members in rank order (strong > medium > poor), with the chart drawn', async () => {
    const page = await open('/leaderboard/demo');
    await expect(page.locator('#rows').textContent()).resolves.toContain('No scored submissions yet');
    expect(await page.locator('#chart svg').count()).toBe(0);

    // The demo round: three members, three datasets of falling quality.
    for (const [name, file] of [
      ['alice', 'strong.jsonl'],
      ['bob', 'medium.jsonl'],
      ['carol', 'poor.jsonl'],
    ] as const)
      await league.submit(name, file);
    await league.queue.drain(60_000);

    // No reload: the open page picks the standings up by itself.
    await page.locator('tr.entry-row').nth(2).waitFor({ timeout: 20_000 });
    expect(await page.locator('tr.entry-row td.member').allTextContents()).toEqual(['alice', 'bob', 'carol']);
    expect(await page.locator('tr.entry-row td:first-child').allTextContents()).toEqual(['1', '2', '3']);

    const svg = page.locator('#chart svg');
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    expect(await svg.locator('g.entry > text:first-child').allTextContents()).toEqual([
      '1. alice',
      '2. bob',
      '3. carol',
    ]);
    expect(await svg.locator('line.whisker').count()).toBe(3);
    expect(await svg.locator('line.reference-line').count()).toBe(1);
    expect(await svg.locator('text.reference-label').textContent()).toBe('reference (offline stand-in)');
    const dots = await centre(page, '#chart circle.rate');
    expect(dots).toHaveLength(3);
    for (const d of dots) expect(d.area).toBeGreaterThan(0);
    // Rows go down the page in rank order, and the better rate sits further right.
    expect(dots[0]!.y).toBeLessThan(dots[1]!.y);
    expect(dots[1]!.y).toBeLessThan(dots[2]!.y);
    expect(dots[0]!.x).toBeGreaterThan(dots[1]!.x);
    expect(dots[1]!.x).toBeGreaterThan(dots[2]!.x);
    const [fifty] = await centre(page, '#chart line.reference-line');
    // The poor dataset does not beat the reference on the public questions (it draws at best).
    expect(dots[2]!.x).toBeLessThanOrEqual(fifty!.x + 0.5);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('shows the results post in the playground with the chart picture', async () => {
    await league.run(organizerActor(), 'round close demo');
    await league.run(organizerActor(), 'round results demo');
    const page = await open(`/?token=${PLAYGROUND_TOKEN}`);
    const img = page.locator('img.b-attachment');
    await img.waitFor({ timeout: 10_000 });
    await expect.poll(() => page.evaluate('document.querySelector("img.b-attachment").naturalWidth')).toBe(1440);
    expect(await img.getAttribute('alt')).toMatch(/50%/);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('runs a Grand Finale from the playground: typed by the organizer, a vote button for a member, a score menu for the expert', async () => {
    const page = await open(`/?token=${PLAYGROUND_TOKEN}`);
    // The page keeps the token and takes it out of the address bar.
    expect(new URL(page.url()).search).toBe('');
    const say = async (who: string, text: string) => {
      await page.selectOption('#who', who);
      await page.fill('#text', text);
      await page.click('#composer button[type=submit]');
    };
    await say('local:demo:organizer', 'finale start demo alice bob carol');
    await page.locator('#channel .msg', { hasText: 'live scoreboard' }).first().waitFor({ timeout: 10_000 });
    await say('local:demo:alice', 'finale prompt "Answer in one sentence."');
    await page
      .locator('#channel .msg.ephemeral', { hasText: /Your system prompt is set/ })
      .last()
      .waitFor({ timeout: 10_000 });
    await say('local:demo:organizer', 'finale next "What is the capital of France?"');
    // The prompt's message gets its vote buttons once every answer is in.
    const vote = page.locator('#channel button[data-action="finale-vote"]');
    await vote.first().waitFor({ timeout: 30_000 });
    expect(await vote.allTextContents()).toEqual(['Vote 1 · alice', 'Vote 2 · bob', 'Vote 3 · carol']);
    await page.selectOption('#who', 'local:demo:dave');
    await page.locator('#channel button[data-action="finale-vote"]', { hasText: 'bob' }).click();
    await page.locator('#channel .msg.ephemeral', { hasText: /vote/i }).last().waitFor({ timeout: 10_000 });
    // The expert's scoring cards arrive by DM, one per finalist, with a 1–10 menu per rubric criterion.
    await page.selectOption('#who', 'local:demo:expert');
    const menu = page.locator('#dms select[data-action="finale-score"]');
    await menu.first().waitFor({ timeout: 10_000 });
    await expect.poll(() => menu.count(), { timeout: 10_000 }).toBe(9);
    await menu.first().selectOption({ label: '8' });
    await page
      .locator('#channel .msg.ephemeral', { hasText: /accuracy score 8\/10/ })
      .last()
      .waitFor({ timeout: 10_000 });
    const finale = (await league.deps.store.liveFinale())!;
    const prompt = (await league.deps.store.getFinalePrompt(finale.id, 1))!;
    const bob = finale.finalists.find((f) => f.userId === 'local:demo:bob')!;
    const alice = finale.finalists.find((f) => f.userId === 'local:demo:alice')!;
    expect(prompt.votes).toEqual({ [bob.submissionId]: 1 });
    expect(prompt.expertScores).toEqual({ [`local:demo:expert|${alice.submissionId}|accuracy`]: 8 });
    expect(prompt.systemPrompts).toEqual({ [alice.submissionId]: 'Answer in one sentence.' });
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('asks for the link with the token when the page has none, and the API refuses it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/')) refused.push(r.status());
    });
    await page.goto(`${base}/`);
    await page.locator('#locked').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#locked').textContent()).toMatch(/token=/);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused)).toEqual(new Set([401]));
    await context.close();
  });

  it('says when the round does not exist', async () => {
    const page = await open('/leaderboard/no-such-round');
    expect(await page.locator('h1').textContent()).toContain('No round “no-such-round”');
    await page.close();
  });
});
