import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger, redact } from '../../src/adapters/log/json-logger';
import { TransientError } from '../../src/core/errors';
import { startTestLeague, type TestLeague } from '../support/league';

const SLACK = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const DISCORD = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs';

let league: TestLeague | undefined;
afterEach(async () => {
  await league?.close();
  league = undefined;
});

describe('secrets never reach a log line or a message', () => {
  it('redacts platform and cloud credentials', () => {
    const line = redact(`token ${SLACK} key ${AWS} bot ${DISCORD} "secret":"hunter2hunter2"`);
    for (const s of [SLACK, AWS, DISCORD, 'hunter2hunter2']) expect(line).not.toContain(s);
    expect(line.match(/\[redacted\]/g)).toHaveLength(4);
  });

  it('keeps secrets out of the logs and DMs of a failing pipeline', async () => {
    league = await startTestLeague({
      override: (deps) => ({
        ...deps,
        trainer: {
          start: async () => {
            throw new TransientError(`upstream said: invalid auth ${SLACK} for ${AWS}`);
          },
          stop: async () => {},
        },
      }),
    });
    await league.submit('nina', 'medium.jsonl');
    await league.queue.drain(20_000);
    const everything = league.logs.join('\n') + JSON.stringify(league.chat.all());
    expect(league.logs.length).toBeGreaterThan(0);
    expect(everything).toContain('upstream said: invalid auth');
    expect(everything).not.toContain(SLACK);
    expect(everything).not.toContain(AWS);
  });

  it('writes one JSON object per line', () => {
    const lines: string[] = [];
    createJsonLogger({ sink: (l) => lines.push(l) }).info('hello', { token: SLACK });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', message: 'hello', token: '[redacted]' });
  });
});
