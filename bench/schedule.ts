import { joinQueue, leaveQueue } from '../src/core/capacity/admission';
import type { Job } from '../src/core/jobs';
import type { Store } from '../src/core/ports';
import { seededRandom } from '../src/core/scoring';
import type { LeagueDeps } from '../src/core/services/context';
import { MemoryCapacityStore } from './memory-capacity-store';

/**
 * `npm run bench:schedule`: a busy day of a round through the real admission code (joinQueue,
 * admit, leaveQueue and the fair order) on a virtual clock, without sleeping. 300 members each
 * submit 1 to 5 datasets (uniform, seed 7) at times uniform over 24 hours; each training takes a
 * lognormal time (median 30 min, sigma 0.5); 4 training slots. Prints one JSON line: makespan over
 * its lower bound (the larger of total work / slots and the latest arrival plus its own training),
 * p50 and p95 waits, Jain's fairness of the members' mean waits, and submissions never finished.
 */
const MEMBERS = 300;
const SLOTS = 4;
const DAY_MIN = 24 * 60;
const MEDIAN_MIN = 30;
const SIGMA = 0.5;
const MIN = 60_000;
const ROUND = 'round-1';

const random = seededRandom(7);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

interface Sub {
  id: string;
  userId: string;
  arrival: number;
  runMs: number;
  start?: number;
  end?: number;
}

const subs: Sub[] = [];
for (let m = 0; m < MEMBERS; m++) {
  const count = 1 + Math.floor(random() * 5);
  for (let i = 0; i < count; i++) {
    subs.push({
      id: `s${subs.length}`,
      userId: `member-${m}`,
      arrival: Math.floor(random() * DAY_MIN * MIN),
      runMs: Math.round(MEDIAN_MIN * MIN * Math.exp(SIGMA * gaussian())),
    });
  }
}
const byId = new Map(subs.map((s) => [s.id, s]));

// Events on a virtual clock: arrivals and training ends, earliest first.
type Event = { at: number; kind: 'arrive' | 'end'; sub: Sub };
const events: Event[] = subs.map((sub) => ({ at: sub.arrival, kind: 'arrive', sub }));
let now = 0;
const started: Sub[] = [];
const deps = {
  store: new MemoryCapacityStore() as unknown as Store,
  clock: { now: () => new Date(now) },
  queue: {
    async send(jobs: Job[]) {
      for (const job of jobs) if (job.type === 'train') started.push(byId.get(job.submissionId)!);
    },
  },
  settings: {
    capacity: { training: SLOTS, endpoint: SLOTS },
    runEstimateMs: { training: 30 * MIN, endpoint: 25 * MIN },
  },
} as unknown as LeagueDeps;

const t0 = performance.now();
while (events.length) {
  events.sort((a, b) => a.at - b.at || (a.kind === 'end' ? -1 : 1));
  const e = events.shift()!;
  now = e.at;
  if (e.kind === 'arrive') await joinQueue(deps, 'training', { id: e.sub.id, userId: e.sub.userId, roundId: ROUND });
  else await leaveQueue(deps, 'training', e.sub.id);
  for (const s of started.splice(0)) {
    s.start = now;
    s.end = now + s.runMs;
    events.push({ at: s.end, kind: 'end', sub: s });
  }
}
const wallMs = performance.now() - t0;

const done = subs.filter((s) => s.end !== undefined);
const makespan = Math.max(...done.map((s) => s.end!));
const totalWork = subs.reduce((a, s) => a + s.runMs, 0);
const latest = subs.reduce((a, s) => (s.arrival > a.arrival ? s : a));
const lowerBound = Math.max(totalWork / SLOTS, latest.arrival + latest.runMs);
const waits = done.map((s) => (s.start! - s.arrival) / MIN).sort((a, b) => a - b);
const quantile = (q: number) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))]!;
const perMember = new Map<string, number[]>();
for (const s of done) perMember.set(s.userId, [...(perMember.get(s.userId) ?? []), (s.start! - s.arrival) / MIN]);
const means = [...perMember.values()].map((w) => w.reduce((a, b) => a + b, 0) / w.length);
const jain = means.reduce((a, b) => a + b, 0) ** 2 / (means.length * means.reduce((a, b) => a + b * b, 0));

console.log(
  JSON.stringify({
    bench: 'schedule',
    members: MEMBERS,
    submissions: subs.length,
    slots: SLOTS,
    makespan_h: +(makespan / 3_600_000).toFixed(2),
    lower_bound_h: +(lowerBound / 3_600_000).toFixed(2),
    makespan_ratio: +(makespan / lowerBound).toFixed(4),
    p50_wait_min: Math.round(quantile(0.5)),
    p95_wait_min: Math.round(quantile(0.95)),
    jain_fairness: +jain.toFixed(3),
    lost: subs.length - done.length,
    wall_ms: Math.round(wallMs),
  }),
);
