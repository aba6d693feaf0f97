import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { renderText, terminalStyle } from '../adapters/local/text-render';
import { parseCommand } from '../core/commands';
import { loadConfig } from '../core/config';
import type { Reply } from '../core/messages/message';
import { handleCommand } from '../core/services/command-dispatcher';
import { rankedLeaderboard } from '../core/services/leaderboard';
import { seedDemoLabels } from './demo-calibration';
import { DRAFT_MEMBER, demoDraft } from './demo-draft';
import { DEMO_EXPERT, runDemoFinale } from './demo-finale';
import { DEMO_CHANNEL, DEMO_MEMBERS, openDemoRound, organizerActor } from './demo-round';
import { startLocalLeague } from './league';
import { examplesDir } from './paths';

/** Drives a whole round without a browser and prints what everyone saw. Exits 1 if the ranking is off. */
async function main(): Promise<number> {
  // Links follow PORT and PUBLIC_URL as `npm start` does.
  const config = loadConfig({ LEAGUE_FINALE_EXPERTS: DEMO_EXPERT, ...process.env });
  const style = terminalStyle(process.env, Boolean(process.stdout.isTTY));
  const title = (s: string) => console.log(style.ansi ? `\x1b[1;35m${s}\x1b[0m` : s);
  const said = (who: string, command: string, reply: Reply) =>
    console.log(
      `${style.ansi ? `\x1b[1m> ${who}:\x1b[22m` : `> ${who}:`} /league ${command}\n${renderText(reply.message, style)}\n`,
    );
  const league = await startLocalLeague({ config, ephemeral: true });
  const { deps } = league;
  try {
    const started = Date.now();
    title('#### The organizer opens the round');
    const roundId = await openDemoRound(deps, (command, reply) => said('organizer', command, reply));
    title('#### Three members submit');
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
      said(member.split(':').pop()!, `submit ${roundId}  (examples/datasets/${name})`, reply);
    }
    // A fourth member builds a dataset in chat: generate, review, submit.
    const drafted = await demoDraft(league, roundId);
    await league.queue.drain(120_000);
    title('#### The drafting member tries their model, then compares their runs');
    const draftedBy = { userId: DRAFT_MEMBER, channel: DEMO_CHANNEL, isOrganizer: false };
    const [draftSub] = await deps.store.listSubmissionsByUser(DRAFT_MEMBER, roundId);
    if (draftSub) {
      const ask = `try ${draftSub.id} "How do I start paying off credit card debt?"`;
      said(DRAFT_MEMBER.split(':').pop()!, ask, await handleCommand(deps, draftedBy, parseCommand(ask)));
      await league.queue.drain(60_000);
      const answer = league.chat.conversation(`dm:${DRAFT_MEMBER}`).at(-1);
      if (answer) console.log(`${renderText(answer.message, style)}\n`);
      said(
        DRAFT_MEMBER.split(':').pop()!,
        `runs ${roundId}`,
        await handleCommand(deps, draftedBy, parseCommand(`runs ${roundId}`)),
      );
    }
    title('#### The organizer posts the standings so far (the finale below closes the round)');
    const results = `round results ${roundId}`;
    said('organizer', results, await handleCommand(deps, organizerActor(), parseCommand(results)));

    title('#### Channel #league');
    for (const e of league.chat.conversation(DEMO_CHANNEL)) console.log(`${renderText(e.message, style)}\n`);
    for (const member of DEMO_MEMBERS) {
      title(`#### DMs of ${member.split(':').pop()}`);
      for (const e of league.chat.conversation(`dm:${member}`)) console.log(`${renderText(e.message, style)}\n`);
    }
    title('#### The organizer checks the judge: /league calibrate (8 blind pairs), then /league calibration');
    console.log(`${await seedDemoLabels(deps, league.chat, roundId, 8)}\n`);
    const ranked = await rankedLeaderboard(deps, roundId);
    title('#### Final leaderboard');
    for (const r of ranked)
      console.log(
        `#${r.rank} ${r.userId.split(':').pop()}  ${(r.winRate * 100).toFixed(1)}%  [${(r.ciLow * 100).toFixed(1)}–${(r.ciHigh * 100).toFixed(1)}]`,
      );
    console.log(
      `\n(${((Date.now() - started) / 1000).toFixed(1)} s, ${league.queue.stats.delivered} deliveries, ${league.queue.deadLetters.length} dead letters)`,
    );
    const npmStart = style.ansi ? '\x1b[36mnpm start\x1b[39m' : 'npm start';
    console.log(
      `This round ran in memory and is gone. For the playground and ${config.publicUrl}/leaderboard/demo, run ${npmStart}.`,
    );

    const order = ranked.map((r) => r.userId).filter((u) => u !== DRAFT_MEMBER);
    const expected = [...DEMO_MEMBERS];
    if (order.join() !== expected.join()) {
      console.error(`Unexpected ranking: ${order.join(' > ')} (expected ${expected.join(' > ')})`);
      return 1;
    }
    const draftSubmission = await deps.store.getSubmission(drafted);
    console.log(`dave's drafted dataset: submission ${drafted}, ${draftSubmission?.stage}`);
    if (draftSubmission?.stage !== 'SCORED') {
      console.error(`The drafted dataset did not score: ${draftSubmission?.failure?.reason ?? draftSubmission?.stage}`);
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
