import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../core/commands';
import type { Reply } from '../core/messages/message';
import { handleCommand } from '../core/services/command-dispatcher';
import type { Actor, LeagueDeps } from '../core/services/context';
import { examplesDir } from './paths';

export const DEMO_CHANNEL = 'local:league';
export const DEMO_ORGANIZER = 'local:demo:organizer';
export const DEMO_MEMBERS = ['local:demo:alice', 'local:demo:bob', 'local:demo:carol'] as const;

interface DemoRoundFile {
  name: string;
  domain: string;
  description?: string;
  quotaPerDay?: number;
  minRows?: number;
  maxRows?: number;
}

export const organizerActor = (): Actor => ({
  userId: DEMO_ORGANIZER,
  name: 'organizer',
  channel: DEMO_CHANNEL,
  isOrganizer: true,
});

/** One organizer command of the demo round and the bot's reply, for a transcript. */
export type DemoStep = (command: string, reply: Reply) => void;

/** Opens the example round and loads its hidden questions through the same commands an organizer types. */
export async function openDemoRound(deps: LeagueDeps, onStep: DemoStep = () => {}): Promise<string> {
  const dir = join(examplesDir(), 'demo-round');
  const spec = JSON.parse(readFileSync(join(dir, 'round.json'), 'utf8')) as DemoRoundFile;
  const actor = organizerActor();
  const q = (s: string) => `"${s.replace(/"/g, "'")}"`;
  const open =
    `round open name=${q(spec.name)} domain=${q(spec.domain)} id=demo quota=${spec.quotaPerDay ?? 5} min_rows=${spec.minRows ?? 20} max_rows=${spec.maxRows ?? 5000}` +
    (spec.description ? ` description=${q(spec.description)}` : '');
  const opened = await handleCommand(deps, actor, parseCommand(open));
  onStep(open, opened);
  if (opened.message.text.startsWith(':warning:') || !(await deps.store.getRound('demo')))
    throw new Error(`demo round: ${opened.message.text}`);
  const questions = join(dir, 'questions.jsonl');
  const loaded = await handleCommand(
    deps,
    actor,
    parseCommand('round questions demo'),
    { name: 'questions.jsonl' },
    async () => readFileSync(questions, 'utf8'),
  );
  if (!(await deps.store.getRound('demo'))?.questionCount) throw new Error(`demo questions: ${loaded.message.text}`);
  onStep('round questions demo  (examples/demo-round/questions.jsonl)', loaded);
  onStep('round announce demo', await handleCommand(deps, actor, parseCommand('round announce demo')));
  return 'demo';
}
