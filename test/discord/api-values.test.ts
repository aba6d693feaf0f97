import * as api from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/adapters/discord/api-values';

// The endpoint's copies of discord-api-types' values, held to the package's own (its runtime module).
describe('Discord API values of the interactions endpoint', () => {
  it.each([
    ['ComponentType', ours.ComponentType, api.ComponentType],
    ['ButtonStyle', ours.ButtonStyle, api.ButtonStyle],
    ['InteractionResponseType', ours.InteractionResponseType, api.InteractionResponseType],
    ['MessageFlags', ours.MessageFlags, api.MessageFlags],
  ] as const)('%s has the values of discord-api-types', (_, copy, original) => {
    for (const [name, value] of Object.entries(copy))
      expect([name, value]).toEqual([name, (original as Record<string, unknown>)[name]]);
  });

  it('builds the routes discord-api-types builds', () => {
    expect(ours.Routes.interactionCallback('11', 'tok')).toBe(api.Routes.interactionCallback('11', 'tok'));
    expect(ours.Routes.webhook('22', 'tok')).toBe(api.Routes.webhook('22', 'tok'));
    expect(ours.Routes.webhookMessage('22', 'tok', '@original')).toBe(
      api.Routes.webhookMessage('22', 'tok', '@original'),
    );
    expect(ours.Routes.webhookMessage('22', 'tok', '33')).toBe(api.Routes.webhookMessage('22', 'tok', '33'));
    // Interaction tokens are opaque: whatever they hold is escaped the same way.
    const token = 'aW50ZXJh.Y3Rpb24/=+x';
    expect(ours.Routes.interactionCallback('11', token)).toBe(api.Routes.interactionCallback('11', token));
    expect(ours.Routes.webhook('22', token)).toBe(api.Routes.webhook('22', token));
  });
});
