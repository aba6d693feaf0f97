import { describe, expect, it } from 'vitest';
import { commandFromAction, parseCommand } from '../../src/core/commands';
import type { UserError } from '../../src/core/errors';

const err = (text: string) => {
  try {
    parseCommand(text);
  } catch (e) {
    return e as UserError;
  }
  throw new Error(`parsed: ${text}`);
};

describe('finale commands', () => {
  it('parses start, next, end, vote and score', () => {
    expect(parseCommand('finale start demo alice <@slack:T1:U2> s123')).toEqual({
      kind: 'finale-start',
      round: 'demo',
      finalists: ['alice', '<@slack:T1:U2>', 's123'],
    });
    expect(parseCommand('finale end')).toEqual({ kind: 'finale-end' });
    expect(parseCommand('finale vote 2')).toEqual({ kind: 'finale-vote', finalist: '2', prompt: undefined });
    expect(parseCommand('finale vote sbob fabc123.3')).toEqual({
      kind: 'finale-vote',
      finalist: 'sbob',
      prompt: { finaleId: 'fabc123', number: 3 },
    });
    expect(parseCommand('finale score carol 10')).toEqual({
      kind: 'finale-score',
      finalist: 'carol',
      score: 10,
      prompt: undefined,
    });
    expect(parseCommand('finale score 2 7 Coherence')).toEqual({
      kind: 'finale-score',
      finalist: '2',
      score: 7,
      criterion: 'coherence',
      prompt: undefined,
    });
    expect(parseCommand('finale start demo')).toEqual({ kind: 'finale-start', round: 'demo', finalists: [] });
    expect(parseCommand('finale prompt "Answer in two sentences; cite the rule."')).toEqual({
      kind: 'finale-system-prompt',
      prompt: 'Answer in two sentences; cite the rule.',
    });
    expect(parseCommand('/league finale prompt clear')).toEqual({ kind: 'finale-system-prompt', prompt: '' });
    expect(parseCommand('finale prompt "clear"')).toEqual({ kind: 'finale-system-prompt', prompt: 'clear' });
  });

  it("keeps a prompt's punctuation and quotes inside it, with or without surrounding quotes", () => {
    expect(parseCommand('finale next "How many r\'s are in strawberry?"')).toEqual({
      kind: 'finale-next',
      prompt: "How many r's are in strawberry?",
    });
    expect(parseCommand('finale next "Is "APR" the same as APY?"')).toEqual({
      kind: 'finale-next',
      prompt: 'Is "APR" the same as APY?',
    });
    expect(parseCommand('/league finale next “Name a fund — any fund.”')).toEqual({
      kind: 'finale-next',
      prompt: 'Name a fund — any fund.',
    });
    expect(parseCommand('finale next What is 2+2?')).toEqual({ kind: 'finale-next', prompt: 'What is 2+2?' });
  });

  it('explains mistakes with the usage', () => {
    expect(err('finale').message).toMatch(/Which finale action/);
    expect(err('finale launch').message).toMatch(/Unknown finale action `launch`/);
    expect(err('finale start').hint).toMatch(/Usage: \/league finale start <round> \[finalist…\]/);
    expect(err('finale prompt').message).toMatch(/Which system prompt/);
    expect(err(`finale prompt ${'x'.repeat(1001)}`).message).toMatch(/at most 1000 characters/);
    expect(err('finale score alice 7 taste').message).toMatch(/`taste` is not a prompt number/);
    expect(err('finale score alice 7 accuracy accuracy').message).toMatch(/`accuracy` is given twice/);
    expect(err('finale next').message).toMatch(/Which prompt/);
    expect(err(`finale next ${'x'.repeat(2001)}`).message).toMatch(/at most 2000 characters/);
    // Counted as Discord's option counts them: characters, not UTF-16 units (an emoji is one).
    expect(err(`finale next ${'🐦'.repeat(2001)}`).message).toMatch(/at most 2000 characters/);
    expect(parseCommand(`finale next ${'🐦'.repeat(2000)}`)).toEqual({
      kind: 'finale-next',
      prompt: '🐦'.repeat(2000),
    });
    expect(err('finale score alice 11').message).toMatch(/whole numbers from 1 to 10, got `11`/);
    expect(err('finale score alice 7.5').message).toMatch(/whole numbers from 1 to 10/);
    expect(err('finale vote').hint).toMatch(/Usage: \/league finale vote <finalist>/);
    expect(err('finale vote alice first').message).toMatch(/`first` is not a prompt number/);
  });

  it('turns buttons and menus into the same commands', () => {
    expect(commandFromAction('finale-vote', 'sbob fabc123.2')).toEqual({
      kind: 'finale-vote',
      finalist: 'sbob',
      prompt: { finaleId: 'fabc123', number: 2 },
    });
    expect(commandFromAction('finale-score', 'sbob 8 fabc123.2')).toEqual({
      kind: 'finale-score',
      finalist: 'sbob',
      score: 8,
      prompt: { finaleId: 'fabc123', number: 2 },
    });
    expect(commandFromAction('finale-score', 'sbob 8 domain fabc123.2')).toEqual({
      kind: 'finale-score',
      finalist: 'sbob',
      score: 8,
      criterion: 'domain',
      prompt: { finaleId: 'fabc123', number: 2 },
    });
    expect(commandFromAction('cancel', 's42')).toEqual({ kind: 'cancel', submissionId: 's42' });
    expect(() => commandFromAction('launch', 'x')).toThrow(/Unknown action `launch`/);
  });
});
