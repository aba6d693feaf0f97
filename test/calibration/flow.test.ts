import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, commandFromAction, parseCommand } from '../../src/core/commands';
import { sideOfScore } from '../../src/core/judging/calibration';
import type { Block, Message } from '../../src/core/messages/message';
import type { Submission } from '../../src/core/model';
import { handleCommand } from '../../src/core/services/command-dispatcher';
import type { Actor } from '../../src/core/services/context';
import { organizerActor } from '../../src/local/demo-round';
import { startTestLeague, type TestLeague } from '../support/league';

/*
 * Alice and Bob submit to the demo round. Carol joins the people who check the judge; members label
 * only once the round has closed, only public questions, never their own answers. The organizer and
 * an expert then both dispute one of the judge's verdicts on Bob's answers: organizers are offered the
 * override with one click, and applying it is counted as a judgment people changed.
 */
let league: TestLeague;
let bob: Submission;
const expert: Actor = { userId: 'local:demo:expert', channel: 'local:league', isOrganizer: false };

const dms = (userId: string) => league.chat.conversation(`dm:${userId}`).map((e) => e.message);
const buttonsOf = (m: Message) => m.blocks.flatMap((b: Block) => (b.type === 'buttons' ? b.buttons : []));
/** The pair id on the newest card in the person's DMs. */
const latestPair = (userId: string) => {
  const card = dms(userId).findLast((m) => m.text.startsWith('Check the judge'));
  return card ? buttonsOf(card)[0]!.value.split(' ')[0]! : undefined;
};

beforeAll(async () => {
  league = await startTestLeague({ env: { LEAGUE_FINALE_EXPERTS: expert.userId } });
  await league.submit('alice', 'medium.jsonl');
  await league.submit('bob', 'poor.jsonl');
  await league.queue.drain(60_000);
  [bob] = await league.deps.store.listSubmissionsByUser('local:demo:bob');
}, 90_000);
afterAll(() => league.close());

describe('calibration in chat', () => {
  it('lets members label only after joining, and only once the round has closed', async () => {
    const carol = league.member('carol');
    expect((await league.run(carol, 'calibrate demo')).message.text).toMatch(/open to members who join/);
    expect((await league.run(carol, 'calibrate join')).message.text).toMatch(/You have joined/);
    expect((await league.run(carol, 'calibrate join')).message.text).toMatch(/You had already joined/);
    expect((await league.run(carol, 'calibrate demo')).message.text).toMatch(/still open/);
    expect(latestPair(carol.userId)).toBeUndefined();
    await league.run(organizerActor(), 'round close demo');
    expect((await league.run(carol, 'calibrate demo')).message.text).toMatch(/blind pair .* is in your DMs/);
    const card = dms(carol.userId).at(-1)!;
    // Blind: nothing says whose answer is whose.
    expect(JSON.stringify(card)).not.toMatch(/reference|alice|bob|candidate/i);
    expect(buttonsOf(card).map((b) => b.label)).toEqual([
      'A much better',
      'A better',
      'As good',
      'B better',
      'B much better',
      "Can't tell",
    ]);
  });

  it("never hands a member their own answers or a private question, and runs out when they've seen all", async () => {
    const aliceActor = league.member('alice');
    await league.run(aliceActor, 'calibrate join');
    const publicIds = new Set(
      (await league.deps.store.getQuestions('demo')).filter((q) => q.split === 'public').map((q) => q.id),
    );
    let reply = (await league.run(aliceActor, 'calibrate demo')).message.text;
    const seen: { submissionId: string; questionId: string }[] = [];
    while (/in your DMs/.test(reply)) {
      const pair = await league.deps.store.getCalibrationAssignment(latestPair(aliceActor.userId)!);
      seen.push(pair!);
      reply = (await league.run(aliceActor, `calibrate label ${pair!.id} unsure`)).message.text;
    }
    expect(reply).toMatch(/No pair of .* is left for you/);
    expect(seen.length).toBe(publicIds.size);
    expect(seen.every((p) => p.submissionId === bob.id && publicIds.has(p.questionId))).toBe(true);
    // Someone else's pair cannot be labelled.
    const carolPair = latestPair('local:demo:carol')!;
    expect((await league.run(aliceActor, `calibrate label ${carolPair} A>B`)).message.text).toMatch(/No pair/);
  });

  it('offers organizers the override when two people agree against the judge, and counts the change', async () => {
    const organizer = organizerActor();
    // The organizer takes the first pair offered and says the opposite of the judge.
    await league.run(organizer, 'calibrate demo');
    const target = (await league.deps.store.getCalibrationAssignment(latestPair(organizer.userId)!))!;
    const judgments = (await league.deps.store.listJudgments(target.submissionId)).filter(
      (j) => j.questionId === target.questionId,
    );
    const judgeSide = sideOfScore(judgments.reduce((n, j) => n + j.score!, 0) / judgments.length);
    // The member's answer as A; shown as B, the verdict on the card reads the other way round.
    const against = judgeSide === 'candidate' ? 'B>A' : 'A>B';
    const shownFor = (pair: { candidateShownAs: 'A' | 'B' }) =>
      pair.candidateShownAs === 'A' ? against : against === 'A>B' ? 'B>A' : 'A>B';
    await league.run(organizer, `calibrate label ${target.id} ${shownFor(target)}`);

    // The expert labels until the same pair comes up, then agrees with the organizer.
    let reply = (await league.run(expert, 'calibrate demo')).message.text;
    for (let i = 0; i < 200 && /in your DMs/.test(reply); i++) {
      const pair = (await league.deps.store.getCalibrationAssignment(latestPair(expert.userId)!))!;
      const same = pair.submissionId === target.submissionId && pair.questionId === target.questionId;
      reply = (await league.run(expert, `calibrate label ${pair.id} ${same ? shownFor(pair) : 'unsure'}`)).message.text;
      if (same) break;
    }
    const offer = dms(organizer.userId).find((m) => m.text.includes('people dispute a judgment'));
    expect(offer).toBeDefined();
    const [apply] = buttonsOf(offer!);
    expect(apply).toMatchObject({
      action: ACTIONS.calibrationOverride,
      value: `${target.submissionId} ${target.questionId} ${against}`,
    });

    const before = (await league.deps.store.getSubmission(target.submissionId))!.score!;
    const applied = await handleCommand(league.deps, organizer, commandFromAction(apply!.action, apply!.value));
    expect(applied.message.text).toMatch(new RegExp(`now reads ${against.replace('>', '>')}`));
    const after = await league.deps.store.listJudgments(target.submissionId);
    const changed = after.filter((j) => j.questionId === target.questionId);
    expect(changed.every((j) => j.overrideSource === 'calibration' && j.judged)).toBe(true);
    // Rescored: the split the question is in moves (public or private).
    expect((await league.deps.store.getSubmission(target.submissionId))!.score).not.toEqual(before);
    // A member cannot press the organizers' button.
    const refused = await handleCommand(
      league.deps,
      league.member('bob'),
      commandFromAction(apply!.action, apply!.value),
    );
    expect(refused.message.text).toMatch(/Only organizers/);

    const calibration = await handleCommand(league.deps, organizer, parseCommand('calibration demo'));
    const report = calibration.message;
    // Every verdict people gave, beside the judge's own: the organizer's and the expert's on the target.
    const rows = calibration.file!.content.trim().split('\r\n');
    expect(rows[0]).toBe(
      'submission,question,labeller,verdict,people_side,judge_score,judge_side,overridden,labelled_at',
    );
    const onTarget = rows.filter((r) => r.startsWith(`${target.submissionId},${target.questionId},`));
    expect(onTarget.map((r) => r.split(',').slice(2, 5).join(' ')).sort()).toEqual(
      [organizer.userId, expert.userId]
        .map((u) => `${u} ${against} ${against.startsWith('A') ? 'candidate' : 'reference'}`)
        .sort(),
    );
    expect(onTarget.every((r) => r.split(',')[6] === judgeSide && r.split(',')[7] === 'yes')).toBe(true);
    const fields = report.blocks.find((b) => b.type === 'fields');
    const field = (label: string) =>
      fields?.type === 'fields' ? fields.fields.find((f) => f.label === label)?.value : undefined;
    // Two verdicts that are not "can't tell", both against the judge's own verdict.
    expect(field('Same side as the judge')).toMatch(/^0\.0% \[0\.0%–0\.0%\] of 2$/);
    expect(field('Two people on the same side')).toMatch(/^100\.0% \[100\.0%–100\.0%\] of 1$/);
    expect(JSON.stringify(report)).toMatch(/People changed 1 judgment\b/);
    // Decided: the offer is not made again.
    expect(report.blocks.some((b) => b.type === 'buttons')).toBe(false);
  });

  it("says in the round's results how often the judge agreed with people", async () => {
    await league.run(organizerActor(), 'round results demo');
    const results = league.chat.conversation('local:league').at(-1)!.message;
    expect(results.text).toMatch(/Personal Finance Sprint results/);
    expect(JSON.stringify(results.blocks)).toMatch(
      /People checked the judge: .* in 0\.0% \[0\.0%–0\.0%\] of 2 blind verdicts; people changed 1 judgment/,
    );
  });
});
