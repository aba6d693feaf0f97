import { describe, expect, it } from 'vitest';
import { parseCommand, tokenize } from '../../src/core/commands';
import type { UserError } from '../../src/core/errors';

describe('/league command grammar', () => {
  it('parses every participant command', () => {
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('/league help')).toEqual({ kind: 'help' });
    expect(parseCommand('rounds')).toEqual({ kind: 'rounds' });
    expect(parseCommand('submit demo epochs=3 learning_rate=0.0002')).toEqual({
      kind: 'submit',
      round: 'demo',
      hyperparameters: { epochs: 3, learning_rate: 0.0002 },
    });
    expect(parseCommand('status')).toEqual({ kind: 'status', submissionId: undefined });
    expect(parseCommand('status s123')).toEqual({ kind: 'status', submissionId: 's123' });
    expect(parseCommand('leaderboard demo')).toEqual({ kind: 'leaderboard', round: 'demo' });
    expect(parseCommand('cancel s1')).toEqual({ kind: 'cancel', submissionId: 's1' });
    expect(parseCommand('appeal s1 q07 the answer is right')).toEqual({
      kind: 'appeal',
      submissionId: 's1',
      questionId: 'q07',
      reason: 'the answer is right',
    });
  });

  it('parses organizer commands with quoted values, including curly quotes from Slack', () => {
    expect(parseCommand('round open name="Finance Sprint" domain=“personal finance” quota=3')).toEqual({
      kind: 'round-open',
      options: { name: 'Finance Sprint', domain: 'personal finance', quota: '3' },
    });
    expect(parseCommand('round questions demo')).toEqual({ kind: 'round-questions', round: 'demo' });
    expect(parseCommand('round announce')).toEqual({ kind: 'round-announce', round: undefined });
    expect(parseCommand('round close demo')).toEqual({ kind: 'round-close', round: 'demo' });
    expect(parseCommand('round results demo')).toEqual({ kind: 'round-results', round: 'demo' });
    expect(parseCommand('override s1 q2 [[B>A]]')).toEqual({
      kind: 'override',
      submissionId: 's1',
      questionId: 'q2',
      verdict: 'B>A',
    });
    expect(parseCommand('undelivered')).toEqual({ kind: 'undelivered', limit: 20 });
    expect(parseCommand('undelivered 100')).toEqual({ kind: 'undelivered', limit: 100 });
  });

  it('explains mistakes with usage instead of guessing', () => {
    const err = (text: string) => {
      try {
        parseCommand(text);
      } catch (e) {
        return e as UserError;
      }
      throw new Error('parsed');
    };
    expect(err('sumbit').message).toMatch(/Unknown command `sumbit`/);
    expect(err('cancel').hint).toMatch(/Usage: \/league cancel <submission>/);
    expect(err('submit epochs=lots').message).toMatch(/`epochs` must be a number/);
    expect(err('submit temperature=1').message).toMatch(/Unknown option `temperature`/);
    expect(err('round open domain=x').message).toMatch(/needs a name/);
    expect(err('round launch').message).toMatch(/Unknown round action/);
    expect(err('override s1 q1 A>>>B').message).toMatch(/Unknown verdict/);
    expect(err('undelivered 101').message).toMatch(/from 1 to 100/);
    expect(err('undelivered all').hint).toMatch(/Usage: \/league undelivered \[N\]/);
  });

  it('suggests the command a typo most likely meant, and guesses nothing for a word far from every command', () => {
    const err = (text: string) => {
      try {
        parseCommand(text);
      } catch (e) {
        return e as UserError;
      }
      throw new Error('parsed');
    };
    expect(err('sumbit').message).toBe('Unknown command `sumbit`. Did you mean `/league submit`?');
    expect(err('stauts').message).toMatch(/Did you mean `\/league status`\?/);
    expect(err('leaderbord demo').message).toMatch(/Did you mean `\/league leaderboard`\?/);
    expect(err('cancle s1').message).toMatch(/Did you mean `\/league cancel`\?/);
    expect(err('round anounce').message).toBe('Unknown round action `anounce`. Did you mean `/league round announce`?');
    expect(err('round reslts').message).toMatch(/Did you mean `\/league round results`\?/);
    expect(err('finale vot alice').message).toMatch(/Did you mean `\/league finale vote`\?/);
    expect(err('calibrat').message).toMatch(/Did you mean `\/league calibrate`\?/);
    expect(err('dance').message).toBe('Unknown command `dance`.');
    expect(err('dance').hint).toMatch(/\/league help/);
    expect(err('round launch').message).not.toMatch(/Did you mean/);
  });

  it('tokenizes quotes and keeps key=value pairs whole', () => {
    expect(tokenize(`a "b c" d='e f' g`)).toEqual(['a', 'b c', 'd=e f', 'g']);
  });
});
