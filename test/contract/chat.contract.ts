import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/messages/message';
import type { UserId } from '../../src/core/model';
import type { Chat } from '../../src/core/ports';

/** A chat platform under test, with a view of what its members see. */
export interface ChatUnderTest {
  chat: Chat;
  /** A channel of the platform, qualified (`slack:C…`, `discord:…`, `local:league`). */
  channel: string;
  /** A member of the platform. */
  member: UserId;
  /** What the platform shows, oldest first, as one string per message (its visible text). */
  shown(where: 'channel' | 'dm'): Promise<string[]>;
  /**
   * The same platform through a new Chat sharing only the durable state, as after a crash and a
   * redelivery in another process; absent where a Chat lives only as long as its process.
   */
  restarted?(): Chat | Promise<Chat>;
}

const note = (phrase: string): Message => ({
  text: `${phrase} (fallback)`,
  blocks: [
    { type: 'heading', text: 'Submission s7hk2m9q' },
    { type: 'text', text: phrase },
  ],
});

const containing = (phrase: string) => (shown: string) => shown.includes(phrase);

/** What every Chat promises (see the port): posts and DMs land once, edits land in place, keys deduplicate. */
export function chatContract(name: string, build: () => Promise<ChatUnderTest>, options: { durable: boolean }): void {
  describe(`Chat contract: ${name}`, () => {
    let p: ChatUnderTest;
    beforeEach(async () => {
      p = await build();
    });

    it('posts to the channel once, and returns a ref on the platform', async () => {
      const ref = await p.chat.post(p.channel, note('Round one is open'));
      const shown = await p.shown('channel');
      expect(shown.filter(containing('Round one is open'))).toHaveLength(1);
      expect(ref.platform).toBe(p.channel.split(':')[0]);
      expect(await p.shown('dm')).toEqual([]);
    });

    it("sends a direct message to the member's DM, not to the channel", async () => {
      await p.chat.dm(p.member, note('Your submission is scored'));
      expect((await p.shown('dm')).filter(containing('Your submission is scored'))).toHaveLength(1);
      expect((await p.shown('channel')).filter(containing('Your submission is scored'))).toEqual([]);
    });

    it('edits a message in place: no new message, the new text instead of the old', async () => {
      const ref = await p.chat.dm(p.member, note('Validating…'));
      await p.chat.dm(p.member, note('Another message'));
      await p.chat.update(ref, note('Fine-tuning…'));
      const shown = await p.shown('dm');
      expect(shown).toHaveLength(2);
      expect(shown.filter(containing('Fine-tuning…'))).toHaveLength(1);
      expect(shown.filter(containing('Validating…'))).toEqual([]);
    });

    it('delivers once per idempotency key and returns the first ref again', async () => {
      const first = await p.chat.dm(p.member, note('Scored: 62% win rate'), { idempotencyKey: 'notify#s1#SCORED' });
      const again = await p.chat.dm(p.member, note('Scored: 62% win rate'), { idempotencyKey: 'notify#s1#SCORED' });
      const posted = await p.chat.post(p.channel, note('New leader'), { idempotencyKey: 'post#r1#1' });
      const postedAgain = await p.chat.post(p.channel, note('New leader'), { idempotencyKey: 'post#r1#1' });
      expect(again).toEqual(first);
      expect(postedAgain).toEqual(posted);
      expect((await p.shown('dm')).filter(containing('Scored: 62% win rate'))).toHaveLength(1);
      expect((await p.shown('channel')).filter(containing('New leader'))).toHaveLength(1);
    });

    it('delivers messages under different keys, or under none, each time', async () => {
      await p.chat.dm(p.member, note('Same words'), { idempotencyKey: 'notify#s1#REJECTED' });
      await p.chat.dm(p.member, note('Same words'), { idempotencyKey: 'notify#s2#REJECTED' });
      await p.chat.dm(p.member, note('Same words'));
      await p.chat.dm(p.member, note('Same words'));
      expect((await p.shown('dm')).filter(containing('Same words'))).toHaveLength(4);
    });

    it.runIf(options.durable)(
      'delivers once per key across a crash: a new process finds the first message',
      async () => {
        const first = await p.chat.dm(p.member, note('Training failed'), {
          idempotencyKey: 'notify#s3#TRAINING_FAILED',
        });
        const again = await (await p.restarted!()).dm(p.member, note('Training failed'), {
          idempotencyKey: 'notify#s3#TRAINING_FAILED',
        });
        expect(again.ts).toBe(first.ts);
        expect((await p.shown('dm')).filter(containing('Training failed'))).toHaveLength(1);
      },
    );
  });
}
