import { afterEach, describe, expect, it } from 'vitest';
import type { QueuePlace } from '../../src/core/capacity/admission';
import type { Chat } from '../../src/core/ports';
import { placeMoved, showPlaces } from '../../src/core/services/pipeline/queueing';
import { ensureProgressMessage } from '../../src/core/services/progress';
import { DEFAULT_HYPERPARAMETERS } from '../../src/core/services/submit';
import { startTestLeague, type TestLeague } from '../support/league';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

const MIN = 60_000;
const T = Date.UTC(2026, 11, 7, 9, 0);
const place = (position: number, startsInMin: number, atMin = 0): QueuePlace => ({
  pool: 'training',
  position,
  startsAt: new Date(T + (atMin + startsInMin) * MIN).toISOString(),
  at: new Date(T + atMin * MIN).toISOString(),
});

describe('when a waiting member is told of a new place', () => {
  it('on every move near the front; further back, on a move of a tenth of the place', () => {
    expect(placeMoved(undefined, place(40, 600))).toBe(true);
    expect(placeMoved(place(10, 150), place(9, 135))).toBe(true);
    expect(placeMoved(place(40, 600), place(39, 585))).toBe(false);
    expect(placeMoved(place(40, 600), place(36, 540))).toBe(true);
    expect(placeMoved(place(40, 600), { ...place(40, 600), pool: 'endpoint' })).toBe(true);
  });

  it('when the start it was told has drifted by ten minutes and a tenth', () => {
    // The text does not count down: told "in about 10 h" half an hour ago, it now starts in 9 h 30.
    expect(placeMoved(place(40, 600), place(40, 570, 30))).toBe(false);
    // An hour and a half later, "10 h" misleads: it starts in 8 h 30.
    expect(placeMoved(place(40, 600), place(40, 510, 90))).toBe(true);
    expect(placeMoved(place(3, 20), place(3, 28, 1))).toBe(false);
    expect(placeMoved(place(3, 20), place(3, 31, 1))).toBe(true);
  });
});

describe('every waiter sees its place', () => {
  it('in batches, front first, and only again when it moved', async () => {
    const edited: string[] = [];
    const l = await startTestLeague({
      env: { TRAINING_CONCURRENCY: '1' },
      override: (deps) => {
        const chat = Object.create(deps.chat) as Chat;
        chat.update = async (ref, message) => {
          edited.push(ref.channel);
          await deps.chat.update(ref, message);
        };
        return { ...deps, chat };
      },
    });
    league = l;
    const { store } = l.deps;
    const now = Date.now();
    await store.claimSlot('training', 0, {
      submissionId: 'busy',
      userId: 'local:demo:x',
      since: new Date(now).toISOString(),
    });
    const members = Array.from({ length: 45 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    for (const [i, m] of members.entries()) {
      const at = new Date(now + i).toISOString();
      const sub = {
        id: `q${i}`,
        roundId: 'demo',
        userId: `local:demo:${m}`,
        stage: 'VALIDATED' as const,
        createdAt: at,
        updatedAt: at,
        quotaDay: at.slice(0, 10),
        upload: { name: 'd.jsonl' },
        hyperparameters: DEFAULT_HYPERPARAMETERS,
      };
      await store.createSubmission(sub);
      await ensureProgressMessage(l.deps, sub);
      await store.addWaiter('training', { submissionId: sub.id, userId: sub.userId, roundId: 'demo', enqueuedAt: at });
    }
    const told = (m: string) => {
      const { message } = l.chat.conversation(`dm:local:demo:${m}`)[0]!;
      return message.blocks.map((b) => ('text' in b ? String(b.text) : '')).join('\n');
    };

    // Forty-five places to show: a batch of forty, the front first; the rest on the next pass.
    await showPlaces(l.deps, 'training');
    expect(edited).toHaveLength(40);
    expect(edited).toEqual(members.slice(0, 40).map((m) => `dm:local:demo:${m}`));
    await showPlaces(l.deps, 'training');
    expect(edited).toHaveLength(45);
    expect((await store.getSubmission('q44'))!.queue?.position).toBe(45);
    expect(told('m44')).toMatch(/45th in the training queue, starts in about 22 h 30 min/);
    // Nothing moved: nobody is edited.
    await showPlaces(l.deps, 'training');
    expect(edited).toHaveLength(45);
    // The first in line leaves: the ten now at the front are told; further back, a step of one is not news.
    await store.removeWaiter('training', 'q0');
    await showPlaces(l.deps, 'training');
    expect(edited.slice(45)).toEqual(members.slice(1, 11).map((m) => `dm:local:demo:${m}`));
    expect((await store.getSubmission('q30'))!.queue?.position).toBe(31);
  });
});
