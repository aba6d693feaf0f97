import { undeliveredNoticeMessage } from '../../messages/undelivered';
import type { OutboxEntry } from '../../outbox-entry';
import type { LeagueDeps } from '../context';
import { tellOrganizersNow } from '../organizers';

/** Entries named in one notice; the rest are counted, and `/league undelivered` lists them all. */
const NOTICE_ENTRIES = 20;

/**
 * Tells organizers of messages given up on that they have not heard of. Each entry is marked first
 * (a conditional write), so two deliverers never announce the same one; when no organizer could be
 * reached (chat still down) the marks are taken back and a later delivery tries again.
 */
export async function noticeUndelivered(deps: LeagueDeps): Promise<number> {
  const unnoticed = await deps.store.listUndeliverable(NOTICE_ENTRIES, { unnoticed: true });
  const mine: OutboxEntry[] = [];
  for (const entry of unnoticed) if (await deps.store.markOutboxNoticed(entry, true)) mine.push(entry);
  if (!mine.length) return 0;
  const reached = await tellOrganizersNow(deps, undeliveredNoticeMessage(mine));
  if (reached) return mine.length;
  for (const entry of mine) await deps.store.markOutboxNoticed(entry, false);
  return 0;
}
