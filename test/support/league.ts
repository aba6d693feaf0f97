import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJsonLogger } from '../../src/adapters/log/json-logger';
import { parseCommand } from '../../src/core/commands';
import { loadConfig } from '../../src/core/config';
import type { Job } from '../../src/core/jobs';
import type { Reply } from '../../src/core/messages/message';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { Actor } from '../../src/core/services/context';
import { DEMO_CHANNEL, openDemoRound } from '../../src/local/demo-round';
import { type LocalLeague, type LocalLeagueOptions, startLocalLeague } from '../../src/local/league';
import { examplesDir } from '../../src/local/paths';

export interface TestLeague extends LocalLeague {
  /** Every job ever sent, in order (for replaying deliveries). */
  sent: Job[];
  logs: string[];
  member(name: string): Actor;
  /** Submits an example dataset (or raw text) as `name`. */
  submit(name: string, dataset: string, options?: { text?: string; fileName?: string }): Promise<Reply>;
  run(user: Actor, text: string): Promise<Reply>;
}

/** DMs other than the progress message (whose fallback text reads `Submission <id>: <stage>`). */
export const resultDms = <T extends { message: { text: string } }>(dms: T[]): T[] =>
  dms.filter((d) => !/^Submission \w+: /.test(d.message.text));

/** A whole league in memory with fast queue timings; pass `env` to change configuration. */
export async function startTestLeague(
  options: Partial<Omit<LocalLeagueOptions, 'config'>> & { env?: Record<string, string>; demoRound?: boolean } = {},
): Promise<TestLeague> {
  const logs: string[] = [];
  const config = loadConfig({
    JUDGE_CHUNK_SIZE: '10',
    QUEUE_VISIBILITY_TIMEOUT_MS: '500',
    QUEUE_MAX_RECEIVE_COUNT: '3',
    ...options.env,
  });
  const sent: Job[] = [];
  const league = await startLocalLeague({
    config,
    ephemeral: true,
    log: createJsonLogger({ level: 'info', sink: (l) => logs.push(l) }),
    ...options,
  });
  // Record every job at the queue itself, so jobs sent by adapters (the trainer's events) count too.
  const send = league.queue.send.bind(league.queue);
  league.queue.send = async (jobs: Job[], o?: { delaySeconds?: number }) => {
    sent.push(...jobs);
    await send(jobs, o);
  };
  if (options.demoRound !== false) await openDemoRound(league.deps);
  const member = (name: string): Actor => ({ userId: `local:demo:${name}`, channel: DEMO_CHANNEL, isOrganizer: false });
  return {
    ...league,
    sent,
    logs,
    member,
    run: (user, text) => handleCommand(league.deps, user, parseCommand(text)),
    async submit(name, dataset, opts = {}) {
      const body =
        dataset.endsWith('.jsonl') && !dataset.includes('\n')
          ? readFileSync(join(examplesDir(), 'datasets', dataset))
          : Buffer.from(dataset);
      const fileName = opts.fileName ?? (dataset.endsWith('.jsonl') ? dataset : 'data.jsonl');
      const blobKey = `uploads/t-${name}-${sent.length}-${Math.random().toString(36).slice(2)}/${fileName}`;
      await league.deps.blobs.put(blobKey, body);
      return handleCommand(league.deps, member(name), parseCommand(opts.text ?? 'submit'), {
        name: fileName,
        size: body.byteLength,
        blobKey,
      });
    },
  };
}
