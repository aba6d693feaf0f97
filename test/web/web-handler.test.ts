import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { roundStatusLine } from '../../src/adapters/web/leaderboard-page';
import type { LeaderboardEntry, Round } from '../../src/core/model';
import type { Store } from '../../src/core/ports';
import { createWebHandler } from '../../src/handlers/web';

const round = {
  id: 'demo',
  name: 'Demo <Sprint>',
  domain: 'finance',
  status: 'open',
  deadline: '2099-12-31T23:59:59.000Z',
} as Round;
const entry = (name: string, winRate: number, ciLow: number, ciHigh: number): LeaderboardEntry => ({
  roundId: 'demo',
  userId: `slack:T1:${name}`,
  submissionId: `s-${name}`,
  winRate,
  ciLow,
  ciHigh,
  submittedAt: '2026-01-01T00:00:00Z',
});
const entries = [entry('bob', 0.5, 0.4, 0.6), entry('alice', 0.8, 0.7, 0.9)];
// The handler reads a round and its leaderboard, nothing else.
const store = {
  getRound: async (id: string) => (id === 'demo' ? round : undefined),
  leaderboard: async () => entries,
} as Pick<Store, 'getRound' | 'leaderboard'> as Store;

const get = (roundId: string, query?: Record<string, string>) =>
  createWebHandler({ store })({
    requestContext: { http: { method: 'GET' } },
    pathParameters: { round: roundId },
    queryStringParameters: query,
  } as unknown as APIGatewayProxyEventV2);

describe('the leaderboard Lambda', () => {
  it('serves the page with the standings and the chart inline, escaped, polling itself for updates', async () => {
    const res = await get('demo');
    expect(res.statusCode).toBe(200);
    expect(res.headers!['content-type']).toMatch(/text\/html/);
    const body = res.body!;
    expect(body).toContain('Demo &#60;Sprint&#62;');
    expect(body).not.toContain('Demo <Sprint>');
    expect([...body.matchAll(/<td class="member">([^<]*)<\/td>/g)].map((m) => m[1])).toEqual(['alice', 'bob']);
    expect(body.match(/<circle class="rate"/g)).toHaveLength(2);
    expect(body).toContain("location.pathname + '?format=json'");
  });

  it("answers the page's polls with the same view as JSON, never cached", async () => {
    const res = await get('demo', { format: 'json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers!['cache-control']).toBe('no-store');
    const view = JSON.parse(res.body!);
    expect(view.round).toEqual({
      id: 'demo',
      name: 'Demo <Sprint>',
      domain: 'finance',
      status: 'open',
      deadline: '2099-12-31T23:59:59.000Z',
    });
    expect(view.statusLine).toMatch(/^Open · closes 2099-12-31 23:59 UTC \(in \d+ days\)/);
    expect(
      view.rows.map((r: { rank: number; member: string; beatsReference: boolean }) => [
        r.rank,
        r.member,
        r.beatsReference,
      ]),
    ).toEqual([
      [1, 'alice', true],
      [2, 'bob', false],
    ]);
    expect(view.chart).toMatch(/^<svg[^>]*>.*<\/svg>$/s);
    expect(view.chart).toContain('1. alice');
  });

  it('says whether the round is open and when it closes, or when it closed; and brings its own icon', async () => {
    const page = (await get('demo')).body!;
    expect(page).toMatch(
      /<p id="round-status" class="round-status open">Open · closes 2099-12-31 23:59 UTC \(in \d+ days\)/,
    );
    // The icon is inline: a browser asks the deployed site for no /favicon.ico.
    expect(page).toMatch(/<link rel="icon" href="data:image\/svg\+xml,/);
    const now = new Date('2026-03-01T12:00:00Z');
    const at = (patch: Partial<Round>) => roundStatusLine({ ...round, ...patch }, now);
    expect(at({ deadline: '2026-03-01T18:30:00Z' })).toBe(
      'Open · closes 2026-03-01 18:30 UTC (in 6 h) · standings on the public questions so far',
    );
    expect(at({ deadline: '2026-02-28T00:00:00Z' })).toMatch(/^Open · the deadline passed on 2026-02-28 00:00 UTC/);
    expect(at({ status: 'closed', closedAt: '2026-02-28T09:15:00Z' })).toBe(
      'Closed on 2026-02-28 09:15 UTC · final standings on the private questions',
    );
  });

  it('answers 404 for an unknown round, as a page or as JSON', async () => {
    const page = await get('nope');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('No round “nope”');
    const json = await get('nope', { format: 'json' });
    expect(json.statusCode).toBe(404);
    expect(JSON.parse(json.body!)).toEqual({ error: 'No round nope' });
  });
});
