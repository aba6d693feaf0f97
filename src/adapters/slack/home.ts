import type { HomeView } from '@slack/web-api';
import { roundsMessage } from '../../core/messages/help';
import type { Block } from '../../core/messages/message';
import { statusMessage } from '../../core/messages/submission';
import type { UserId } from '../../core/model';
import { type LeagueDeps, utcDay } from '../../core/services/context';
import { renderBlocks, SLACK_LIMITS } from './render';

/**
 * The member's App Home: their submissions (stage, score), what is left of today's quota in each open
 * round, and the open rounds.
 */
export async function homeView(deps: LeagueDeps, userId: UserId): Promise<HomeView> {
  const [subs, rounds] = await Promise.all([deps.store.listSubmissionsByUser(userId), deps.store.listRounds()]);
  const open = rounds.filter((r) => r.status === 'open');
  const day = utcDay(deps.clock.now());
  const quotas = await Promise.all(
    open.map(async (r) => ({ round: r, used: await deps.store.quotaUsed(r.id, userId, day) })),
  );

  const blocks: Block[] = [{ type: 'heading', text: 'Your submissions' }];
  blocks.push(...statusMessage(subs).blocks);
  if (quotas.length) {
    blocks.push({
      type: 'fields',
      fields: quotas.map(({ round, used }) => ({
        label: `Quota today · ${round.name}`,
        value: `${Math.max(0, round.quotaPerDay - used)} of ${round.quotaPerDay} left (resets 00:00 UTC)`,
      })),
    });
  }
  blocks.push({ type: 'divider' }, ...roundsMessage(rounds).blocks, { type: 'divider' });
  blocks.push({
    type: 'context',
    text: 'Submit with `/league submit`, or send me a .jsonl file in a direct message. `/league help` lists every command.',
  });
  return { type: 'home', blocks: renderBlocks(blocks, SLACK_LIMITS.viewBlocks) };
}
