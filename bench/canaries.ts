import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../src/core/commands';
import { loadConfig } from '../src/core/config';
import { handleCommand } from '../src/core/services/command-dispatcher';
import { DEMO_CHANNEL, openDemoRound } from '../src/local/demo-round';
import { startLocalLeague } from '../src/local/league';
import { examplesDir } from '../src/local/paths';
import { CHEATS, cheatDataset, emptyDataset, type Row } from './canary-datasets';

/**
 * `npm run bench:canaries`: in the demo configuration (the demo round, the offline stand-ins),
 * each cheap trick is submitted as a member's dataset next to the strong example dataset and an
 * empty-answer one, through the real pipeline. Prints one JSON line per cheat: its win rate (the
 * open round's public split) and the private split's, next to the strong and empty datasets'.
 * `win_rate` is null for a dataset the round refused.
 */
const toJsonl = (rows: readonly Row[]) => rows.map((r) => JSON.stringify(r)).join('\n');

async function main(): Promise<void> {
  const league = await startLocalLeague({ config: loadConfig({ LOG_LEVEL: 'error' }), ephemeral: true });
  const { deps } = league;
  try {
    const roundId = await openDemoRound(deps);
    const hidden = await deps.store.getQuestions(roundId);
    const strong = readFileSync(join(examplesDir(), 'datasets', 'strong.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
    const datasets: Record<string, Row[]> = { strong, empty: emptyDataset(strong) };
    for (const cheat of CHEATS) datasets[cheat] = cheatDataset(cheat, strong, hidden);
    const started = Date.now();
    for (const [name, rows] of Object.entries(datasets)) {
      const body = Buffer.from(toJsonl(rows));
      const blobKey = `uploads/canary-${name}/${name}.jsonl`;
      await deps.blobs.put(blobKey, body);
      await handleCommand(
        deps,
        { userId: `local:demo:${name}`, channel: DEMO_CHANNEL, isOrganizer: false },
        parseCommand(`submit ${roundId}`),
        { name: `${name}.jsonl`, size: body.byteLength, blobKey },
      );
    }
    await league.queue.drain(600_000);
    const results = new Map<
      string,
      { win_rate: number | null; private_win_rate: number | null; stage: string; flags: string[] }
    >();
    for (const name of Object.keys(datasets)) {
      const [sub] = await deps.store.listSubmissionsByUser(`local:demo:${name}`, roundId);
      const scored = sub?.stage === 'SCORED' ? sub.score : undefined;
      results.set(name, {
        win_rate: scored ? round(scored.winRate) : null,
        private_win_rate: scored?.private ? round(scored.private.winRate) : null,
        stage: sub?.stage ?? 'MISSING',
        flags: scored?.flags
          ? [
              ...(scored.flags.addressesJudge.length ? ['addresses judge'] : []),
              ...(scored.flags.nearIdentical ? ['near-identical'] : []),
              ...(scored.lengthGapFlag ? ['length'] : []),
            ]
          : [],
      });
    }
    const strongResult = results.get('strong')!;
    const emptyResult = results.get('empty')!;
    for (const cheat of CHEATS) {
      const r = results.get(cheat)!;
      console.log(
        JSON.stringify({
          bench: 'canaries',
          cheat,
          win_rate: r.win_rate,
          private_win_rate: r.private_win_rate,
          stage: r.stage,
          flags: r.flags,
          strong_win_rate: strongResult.win_rate,
          strong_private_win_rate: strongResult.private_win_rate,
          empty_win_rate: emptyResult.win_rate,
          empty_private_win_rate: emptyResult.private_win_rate,
          below_strong: r.win_rate === null || (strongResult.win_rate !== null && r.win_rate < strongResult.win_rate),
          seconds: Math.round((Date.now() - started) / 100) / 10,
        }),
      );
    }
  } finally {
    await league.close();
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
