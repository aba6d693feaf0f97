import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands';
import { LeagueError, TransientError } from '../../src/core/errors';
import type { Chat } from '../../src/core/ports';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import { sweep } from '../../src/core/services/sweeper';
import { isFinal } from '../../src/core/submission-stage';
import { DEMO_CHANNEL } from '../../src/local/demo-round';
import { resultDms, startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

/**
 * The league's real chat (the playground's) behind a switch: while `down`, every call fails as an
 * outage does (a TransientError, nothing delivered); a member in `blocked` refuses DMs for good.
 */
function switchableChat(real: Chat) {
  const state = { down: false, blocked: new Set<string>(), calls: 0 };
  const gate = (userId?: string) => {
    state.calls++;
    if (state.down) throw new TransientError('chat unreachable (simulated outage)');
    if (userId && state.blocked.has(userId))
      throw new LeagueError('UPSTREAM_UNAVAILABLE', 'Slack refused chat.postMessage: cannot_dm_user');
  };
  const chat: Chat = {
    async post(channel, m, o) {
      gate();
      return real.post(channel, m, o);
    },
    async dm(userId, m, o) {
      gate(userId);
      return real.dm(userId, m, o);
    },
    async update(ref, m) {
      gate();
      return real.update(ref, m);
    },
  };
  return { chat, state };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const organizer = { userId: 'local:demo:organizer', channel: DEMO_CHANNEL, isOrganizer: true };
const dmsOf = (l: TestLeague, name: string) => l.chat.conversation(`dm:local:demo:${name}`);

async function startWithSwitch(env: Record<string, string>) {
  let state: ReturnType<typeof switchableChat>['state'] | undefined;
  league = await startTestLeague({
    env,
    override: (deps) => {
      const wrapped = switchableChat(deps.chat);
      state = wrapped.state;
      return { ...deps, chat: wrapped.chat };
    },
  });
  return { league, state: state! };
}

describe('a chat outage delays messages and never gates the pipeline', () => {
  it('reads, validates, trains and scores while chat is down; each message arrives once when it is back', async () => {
    // Retries for longer than the pipeline takes on a busy machine: here nothing may be given up.
    const { league: l, state } = await startWithSwitch({ CHAT_RETRY_SECONDS: Array(120).fill('1').join(',') });
    state.down = true;
    const reply = await l.submit('alice', 'strong.jsonl');
    const id = /submission (s\w+)/.exec(reply.message.text)![1]!;

    const scored = await until('the submission to finish', async () => {
      const sub = await l.deps.store.getSubmission(id);
      return sub && isFinal(sub.stage) && sub;
    });
    expect(scored.stage).toBe('SCORED');
    expect(scored.validation?.valid).toBe(true);
    expect(scored.score?.winRate).toBeGreaterThan(0);
    expect(l.queue.deadLetters).toHaveLength(0);
    // Nothing reached the member meanwhile: the messages wait in the outbox.
    expect(dmsOf(l, 'alice')).toHaveLength(0);
    expect(state.calls).toBeGreaterThan(0);
    // The result DM is owed (notify runs just after the stage change) and waits with the rest.
    const pending = await until('the result DM to be owed', () => l.deps.store.getOutboxEntry(`result#${id}#SCORED`));
    expect(pending.status).toBe('pending');
    expect(dmsOf(l, 'alice')).toHaveLength(0);

    state.down = false;
    await l.queue.drain(60_000);
    const dms = dmsOf(l, 'alice');
    // One progress message, posted with what is true now, and one result DM: each once.
    expect(dms).toHaveLength(2);
    expect(dms.filter((d) => /^Submission \w+: /.test(d.message.text))).toHaveLength(1);
    expect(dms.find((d) => /^Submission \w+: /.test(d.message.text))!.message.text).toMatch(/Scored/);
    expect(resultDms(dms)).toHaveLength(1);
    expect(resultDms(dms)[0]!.message.text).toMatch(/scored \d+\.\d% \(95% CI/);
    const leaderPosts = l.chat.conversation('local:league').filter((e) => /leaderboard: #1/.test(e.message.text));
    expect(leaderPosts).toHaveLength(1);
    expect((await l.deps.store.getOutboxEntry(`result#${id}#SCORED`))?.status).toBe('sent');
    // Nothing was given up on, so organizers have nothing to hear about.
    expect(dmsOf(l, 'organizer')).toHaveLength(0);
    const listed = await handleCommand(l.deps, organizer, parseCommand('undelivered'));
    expect(listed.message.text).toMatch(/Every message the league owed has been delivered/);
  }, 120_000);

  it('lists a DM that can never be delivered, and organizers are told', async () => {
    const { league: l, state } = await startWithSwitch({ CHAT_RETRY_SECONDS: '0.3' });
    state.blocked.add('local:demo:bob');
    const reply = await l.submit('bob', 'poor.jsonl');
    const id = /submission (s\w+)/.exec(reply.message.text)![1]!;
    await l.queue.drain(60_000);
    expect((await l.deps.store.getSubmission(id))?.stage).toBe('SCORED');
    expect(dmsOf(l, 'bob')).toHaveLength(0);
    // Refused, not unreachable: given up at the first attempt.
    const entry = await l.deps.store.getOutboxEntry(`result#${id}#SCORED`);
    expect(entry).toMatchObject({ status: 'undeliverable', attempts: 1 });

    const listed = await handleCommand(l.deps, organizer, parseCommand('undelivered'));
    expect(listed.visibility).toBe('ephemeral');
    const text = listed.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(text).toContain(`result DM of ${id} (scored)`);
    expect(text).toContain('cannot_dm_user');
    expect(text).toContain(`progress message of ${id}`);

    const notices = dmsOf(l, 'organizer').filter((d) => /could not be delivered/.test(d.message.text));
    expect(notices.length).toBeGreaterThanOrEqual(1);
    const noticed = notices.map((n) => n.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).join('\n');
    expect(noticed).toContain(`result DM of ${id}`);
    // Each undelivered message is announced once.
    expect(noticed.split(`result DM of ${id}`).length - 1).toBe(1);

    const member = await handleCommand(l.deps, l.member('bob'), parseCommand('undelivered'));
    expect(member.message.text).toMatch(/Only organizers/);
  }, 120_000);

  it('gives up after the last retry, and tells organizers once chat works again', async () => {
    const { league: l, state } = await startWithSwitch({ CHAT_RETRY_SECONDS: '0.2,0.2' });
    state.down = true;
    const reply = await l.submit('carol', 'medium.jsonl');
    const id = /submission (s\w+)/.exec(reply.message.text)![1]!;
    await l.queue.drain(60_000);
    expect((await l.deps.store.getSubmission(id))?.stage).toBe('SCORED');
    const entry = await l.deps.store.getOutboxEntry(`result#${id}#SCORED`);
    // The first attempt and one per scheduled retry.
    expect(entry).toMatchObject({ status: 'undeliverable', attempts: 3, noticed: false });
    expect(entry?.lastError).toMatch(/simulated outage/);
    // Telling organizers failed too while chat was down; it waits for chat.
    expect(dmsOf(l, 'organizer')).toHaveLength(0);

    state.down = false;
    const swept = await sweep(l.deps);
    expect(swept.noticeQueued).toBe(true);
    await l.queue.drain(30_000);
    const notices = dmsOf(l, 'organizer').filter((d) => /could not be delivered/.test(d.message.text));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toContain(
      `result DM of ${id}`,
    );
    expect((await l.deps.store.getOutboxEntry(`result#${id}#SCORED`))?.noticed).toBe(true);
    // A second sweep finds nothing left to tell.
    expect((await sweep(l.deps)).noticeQueued).toBe(false);
    await l.queue.drain(30_000);
    expect(dmsOf(l, 'organizer').filter((d) => /could not be delivered/.test(d.message.text))).toHaveLength(1);
    // The member never got the DM, and it is not sent now either: organizers decide.
    expect(resultDms(dmsOf(l, 'carol'))).toHaveLength(0);
  }, 120_000);
});
