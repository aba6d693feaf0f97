import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderText } from '../adapters/local/text-render';
import { parseCommand } from '../core/commands';
import { loadConfig } from '../core/config';
import { handleCommand } from '../core/services/command-dispatcher';
import { rankedLeaderboard } from '../core/services/leaderboard';
import { seedDemoLabels } from './demo-calibration';
import { DEMO_EXPERT, runDemoFinale } from './demo-finale';
import { DEMO_CHANNEL, DEMO_MEMBERS, openDemoRound } from './demo-round';
import { startLocalLeague } from './league';
import { examplesDir } from './paths';

/** Drives a whole round without a browser and prints what everyone saw. Exits 1 if the ranking is off. */
async function main(): Promise<number> {
  const config = loadConfig({
    LEAGUE_FINALE_EXPERTS: DEMO_EXPERT,
    ...process.env,
    PUBLIC_URL: process.env.PUBLIC_URL ?? 'http://localhost:3000',
  });
  const league = await startLocalLeague({ config, ephemeral: true });
  const { deps } = league;
  try {
    const started = Date.now();
    const roundId = await openDemoRound(deps);
    const datasets = ['strong', 'medium', 'poor'];
    for (const [i, member] of DEMO_MEMBERS.entries()) {
      const name = `${datasets[i]}.jsonl`;
      const path = join(examplesDir(), 'datasets', name);
      const blobKey = `uploads/demo-${i}/${name}`;
      await deps.blobs.put(blobKey, readFileSync(path));
      const reply = await handleCommand(
        deps,
        { userId: member, channel: DEMO_CHANNEL, isOrganizer: false },
        parseCommand(`submit ${roundId}`),
        { name, size: statSync(path).size, blobKey },
      );
      console.log(`> ${member.split(':').pop()}: /league submit ${roundId}  (${name})\n${renderText(reply.message)}\n`);
    }
    await league.queue.drain(120_000);

    console.log('#### Channel #league');
    for (const e of league.chat.conversation(DEMO_CHANNEL)) console.log(`${renderText(e.message)}\n`);
    for (const member of DEMO_MEMBERS) {
      console.log(`#### DMs of ${member.split(':').pop()}`);
      for (const e of league.chat.conversation(`dm:${member}`)) console.log(`${renderText(e.message)}\n`);
    }
    console.log('#### The organizer checks the judge: /league calibrate (8 blind pairs), then /league calibration');
    console.log(`${await seedDemoLabels(deps, league.chat, roundId, 8)}\n`);
    const ranked = await rankedLeaderboard(deps, roundId);
    console.log('#### Final leaderboard');
    for (const r of ranked)
      console.log(
        `#${r.rank} ${r.userId.split(':').pop()}  ${(r.winRate * 100).toFixed(1)}%  [${(r.ciLow * 100).toFixed(1)}–${(r.ciHigh * 100).toFixed(1)}]`,
      );
    console.log(
      `\n(${((Date.now() - started) / 1000).toFixed(1)} s, ${league.queue.stats.delivered} deliveries, ${league.queue.deadLetters.length} dead letters)`,
    );

    const order = ranked.map((r) => r.userId);
    const expected = [...DEMO_MEMBERS];
    if (order.join() !== expected.join()) {
      console.error(`Unexpected ranking: ${order.join(' > ')} (expected ${expected.join(' > ')})`);
      return 1;
    }
    console.log('#### The Grand Finale: /league finale start without names takes the top of the final standings');
    console.log(await runDemoFinale(deps, league.chat, () => league.queue.drain(120_000), roundId));
    return 0;
  } finally {
    await league.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
