import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEAR_DUPLICATE_ROW_CAP } from '../../src/core/dataset/duplicates';
import { findSensitive, gateHits, SensitiveGates, type SensitiveKind } from '../../src/core/dataset/sensitive-data';
import { DEFAULT_MAX_ROWS } from '../../src/core/services/rounds';
import { formatReport } from '../../src/local/report-text';
import { instructionRow, LIMITS, lines, validateText } from './support';

const warningsOf = (r: { warnings: { line: number; code: string }[] }) => r.warnings.map((w) => [w.line, w.code]);
const long = (seed: string) =>
  `${seed} Paying yourself first means moving a fixed share of every paycheck into savings before any other spending, ` +
  'ideally with an automatic transfer on payday so the decision is made once and never again, and the habit survives busy months. ' +
  'Start small, with five or ten percent, raise the share whenever your income grows, and keep the savings in a separate account ' +
  'that you do not see every day, so that spending it takes a deliberate step rather than a tap.';

describe('warnings', () => {
  it('flags exact duplicates with the line they repeat, without rejecting the file', async () => {
    const rows = lines(6);
    rows[4] = rows[1]!;
    rows[5] = rows[1]!;
    const r = await validateText(rows.join('\n'));
    expect(r.valid).toBe(true);
    expect(r.warnings.filter((w) => w.code === 'DUPLICATE_ROW').map((w) => [w.line, w.message])).toEqual([
      [5, 'Repeats line 2 exactly.'],
      [6, 'Repeats line 2 exactly.'],
    ]);
    expect(r.stats.exactDuplicates).toBe(2);
  });

  it('flags a near duplicate (one word changed in a long row) but not a different row', async () => {
    const rows = [
      JSON.stringify({ instruction: 'Explain the pay yourself first rule.', response: long('In short:') }),
      JSON.stringify({ instruction: 'Explain the pay-yourself-first rule.', response: long('In brief:') }),
      JSON.stringify({
        instruction: 'What is an index fund?',
        response:
          'A fund that holds every stock of a market index, so it follows the market at low cost instead of trying to beat it.',
      }),
    ];
    const r = await validateText(rows.join('\n'));
    expect(warningsOf(r)).toEqual([[2, 'NEAR_DUPLICATE']]);
    expect(r.warnings[0]!.message).toMatch(/line 1 \(about \d+% of word triples shared\)/);
    expect(r.stats.nearDuplicates).toBe(1);
    expect(r.stats.nearDuplicateRowsChecked).toBe(3);
  });

  it('finds near duplicates among many rows, and keeps the listed warnings in line order', async () => {
    const rows = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({
        instruction: `Distinct question ${i} about topic ${(i * 7919) % 1000}?`,
        response: `Answer ${i}: ${'word'.repeat(1 + (i % 5))} ${i * 31} ${i * 17} ${i * 13} unique ${i} text ${i * 3}.`,
      }),
    );
    rows[350] = JSON.stringify({ instruction: 'Explain the pay yourself first rule.', response: long('In short:') });
    rows[10] = JSON.stringify({ instruction: 'Explain the pay yourself first rule!', response: long('In short:') });
    rows[200] = rows[20]!;
    const r = await validateText(rows.join('\n'));
    expect(warningsOf(r).filter(([, c]) => c !== 'SHORT_RESPONSE')).toEqual([
      [201, 'DUPLICATE_ROW'],
      [351, 'NEAR_DUPLICATE'],
    ]);
    const listed = r.warnings.map((w) => w.line);
    expect(listed).toEqual([...listed].sort((a, b) => a - b));
  });

  it('checks near duplicates in the first rows only, up to the cap, and says so', async () => {
    // Every dataset a default round accepts is checked whole.
    expect(NEAR_DUPLICATE_ROW_CAP).toBeGreaterThanOrEqual(DEFAULT_MAX_ROWS);
    const cap = NEAR_DUPLICATE_ROW_CAP;
    const rows = Array.from({ length: cap + 10 }, (_, i) =>
      JSON.stringify({
        instruction: `Distinct question ${i} about topic ${(i * 7919) % 1000}?`,
        response: `Answer ${i}: ${i * 31} ${i * 17} ${i * 13} unique ${i} text ${i * 3} and more ${i * 11}.`,
      }),
    );
    rows[5] = JSON.stringify({ instruction: 'Explain the pay yourself first rule.', response: long('In short:') });
    rows[cap - 1] = JSON.stringify({
      instruction: 'Explain the pay yourself first rule!',
      response: long('In short:'),
    }); // the last row checked
    rows[cap + 3] = JSON.stringify({
      instruction: 'Explain the pay yourself first rule?',
      response: long('In short:'),
    }); // past the cap
    rows[cap + 5] = rows[7]!; // exact repeats are still found
    const r = await validateText(rows.join('\n'), { limits: { ...LIMITS, maxRows: cap + 10 } });
    expect(warningsOf(r).filter(([, c]) => c !== 'SHORT_RESPONSE')).toEqual([
      [cap, 'NEAR_DUPLICATE'],
      [cap + 6, 'DUPLICATE_ROW'],
    ]);
    expect(r.stats.nearDuplicateRowsChecked).toBe(cap);
    expect(formatReport(r)).toContain(`(near duplicates looked for in the first ${cap.toLocaleString('en-US')} rows)`);
  });

  it('flags very short answers and rows over the token limit', async () => {
    const rows = lines(4);
    rows[1] = JSON.stringify({ instruction: 'Capital of France?', response: 'Paris.' });
    rows[2] = JSON.stringify({ instruction: 'Tell me everything.', response: 'word '.repeat(400) });
    const r = await validateText(rows.join('\n'), {
      limits: { minRows: 1, maxRows: 100, maxBytes: 1e6, maxLineBytes: 65536, maxInputTokens: 200 },
    });
    expect(warningsOf(r)).toEqual([
      [2, 'SHORT_RESPONSE'],
      [3, 'TOO_MANY_TOKENS'],
    ]);
    expect(r.warnings[0]!.message).toMatch(/1 word/);
    expect(r.warnings[1]!.message).toMatch(/About 5\d\d tokens/);
  });

  it('counts words as the language writes them: a whole Japanese or Thai sentence is not "very short"', async () => {
    const row = (response: string) => JSON.stringify({ instruction: 'Answer in full.', response });
    const r = await validateText(
      [
        row('東京は日本の首都です。'), // "Tokyo is the capital of Japan." in 6 words, no spaces
        row('กรุงเทพเป็นเมืองหลวงของประเทศไทย'), // "Bangkok is the capital of Thailand."
        row('東京'), // one word: still very short
        row('Paris.'),
      ].join('\n'),
      { limits: { ...LIMITS, minRows: 1 } },
    );
    expect(r.warnings.filter((w) => w.code === 'SHORT_RESPONSE').map((w) => [w.line, w.message])).toEqual([
      [3, 'The response is very short (1 word).'],
      [4, 'The response is very short (1 word).'],
    ]);
  });

  it('flags bidirectional control characters, written raw or as JSON escapes, and not other non-ASCII text', async () => {
    const rows = lines(5);
    rows[1] = JSON.stringify({
      instruction: 'Rename the file',
      response: 'Call it invoice\u202Efdp.exe, as agreed before.',
    });
    rows[2] = '{"instruction": "Which way?", "response": "Left \\u2067to right\\u2069 is how this reads, friend."}';
    rows[3] = JSON.stringify({
      instruction: 'Déjà vu?',
      response: 'Ça arrive à tout le monde, même en été — naïvement.',
    });
    const r = await validateText(rows.join('\n'), { limits: { ...LIMITS, minRows: 1 } });
    const bidi = r.warnings.filter((w) => w.code === 'BIDI_CONTROL');
    expect(bidi.map((w) => w.line)).toEqual([2, 3]);
    expect(bidi[0]!.message).toMatch(/U\+202E/);
    expect(bidi[0]!.hint).toMatch(/Remove it/);
    expect(r.valid).toBe(true);
  });

  const sensitive: [string, string, string | undefined][] = [
    ['an e-mail address', 'Write to jane.doe+news@example.co.uk for details.', 'EMAIL_ADDRESS'],
    ['a US phone number', 'Call (555) 123-4567 after nine.', 'PHONE_NUMBER'],
    ['a phone with dashes', 'Call 555-123-4567 today.', 'PHONE_NUMBER'],
    ['an international number', 'Ring +44 20 7946 0958 in London.', 'PHONE_NUMBER'],
    ['a national number', 'Ring 020 7946 0958 in London.', 'PHONE_NUMBER'],
    ['an AWS key', 'Use AKIAIOSFODNN7EXAMPLE as the key id.', 'AWS_ACCESS_KEY'],
    ['a Slack token', 'The bot token is xoxb-123456789012-123456789012-AbCdEfGhIjKlMnOpQrStUvWx.', 'SLACK_TOKEN'],
    [
      'a Slack webhook',
      'Post to https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX now.',
      'SLACK_TOKEN',
    ],
    [
      'a Discord token',
      'Log in with MTA4NjY1NzM0MjE3MjE3MjE3Mg.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789 here.',
      'DISCORD_TOKEN',
    ],
    [
      'a Discord token for a later user ID',
      'Token: OTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
      'DISCORD_TOKEN',
    ],
    [
      'a token-shaped word no user ID starts',
      'Log in with MaA4NjY1NzM0MjE3MjE3MjE3Mg.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789 here.',
      undefined,
    ],
    [
      'a Discord webhook',
      'Post to https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz_ABCDEF today.',
      'DISCORD_TOKEN',
    ],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\\nMIIEow...', 'PRIVATE_KEY'],
    ['a year and a price', 'In 2024 the fund returned 7.5% and cost $1,250.', undefined],
    ['a version and a date', 'Version 3.10.2 shipped on 2023-10-05.', undefined],
    ['an @mention', 'Ask @finance-team in the channel.', undefined],
    ['a sentence with dots', 'Rates rose. Prices e.g. rents rose too.', undefined],
  ];
  it.each(sensitive)('%s', async (_name, text, code) => {
    const r = await validateText(
      JSON.stringify({ instruction: 'What should I do next?', response: text.replace('\\n', '\n') }),
    );
    expect(r.warnings.map((w) => w.code).filter((c) => c !== 'SHORT_RESPONSE')).toEqual(code ? [code] : []);
    // The warning names the kind, never the value (reports are shown in chat).
    for (const w of r.warnings) expect(w.message).not.toContain(text.slice(8, 30));
  });

  it('finds a Discord token for any user ID, whatever its first digit', () => {
    // The token's first part is the user ID (a snowflake of 17 to 20 digits) in base64.
    const token = fc
      .tuple(
        fc.integer({ min: 1, max: 9 }),
        fc.stringMatching(/^[0-9]{16,19}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{27,40}$/),
      )
      .map(([first, rest, secret]) => `${Buffer.from(`${first}${rest}`).toString('base64url')}.GaBcDe.${secret}`);
    fc.assert(
      fc.property(token, (t) => {
        const found = new Set<SensitiveKind>();
        findSensitive(`Log in with ${t} now.`, found);
        expect([...found]).toEqual(['DISCORD_TOKEN']);
        expect(gateHits(`Log in with ${t} now.`).length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('runs the sensitive-data patterns only where a cheap gate fired, and misses nothing by it', () => {
    // Fragments of every pattern, cut and mixed with text: whatever findSensitive finds, a gate saw.
    const fragment = fc.constantFrom(
      '@',
      'a@b.co',
      'x.y@example.org',
      '+44 20 7946 0958',
      '+1',
      '(555) 123-4567',
      '555-123-4567',
      '020 7946 0958',
      '0',
      '-',
      '(',
      '.',
      'AKIAIOSFODNN7EXAMPLE',
      'ASIA',
      'xoxb-123456789012-abc',
      'hooks.slack.com/services/T0000/B0000/XXXXXXXXXX',
      'MTA4NjY1NzM0MjE3MjE3MjE3Mg',
      '.GaBcDe.',
      'abcdefghijklmnopqrstuvwxyz0123456789',
      'MTA4NjY1NzM0MjE3MjE3MjE3Mg.GaBcDe.abcdefghijklmnopqrstuvwxyzABCDE',
      'discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz',
      '-----BEGIN RSA PRIVATE KEY-----',
      'N',
      'O',
      'M',
      'Nz',
      'OT',
      'Mj',
      'D',
      'OTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs',
      ' ',
      '"',
      '7',
      'word',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const found = new Set<SensitiveKind>();
        findSensitive(text, found);
        const gates = new SensitiveGates();
        gates.scan(text);
        if (found.size) expect(gates.fired(0, text.length)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds sensitive data the same way whether a line arrives in one piece or across chunks', async () => {
    const rows = lines(30);
    rows[17] = instructionRow(17, { response: 'Mail me at someone@example.org or call 555-123-4567.' });
    for (const sizes of [[65536], [7], [100, 3]]) {
      const r = await validateText(rows.join('\n'), {}, sizes);
      expect(warningsOf(r)).toEqual([
        [18, 'EMAIL_ADDRESS'],
        [18, 'PHONE_NUMBER'],
      ]);
    }
  });

  it('mentions a field that is not used for training once, at its first line', async () => {
    const rows = lines(4).map((l, i) => (i >= 1 ? l.replace('{', `{"id": ${i}, `) : l));
    const r = await validateText(rows.join('\n'));
    expect(warningsOf(r)).toEqual([[2, 'IGNORED_FIELD']]);
  });

  it('tells organizers, and only organizers, about overlap with hidden questions', async () => {
    const hidden = ['What is the difference between a Roth IRA and a traditional IRA?', 'What is a budget?'];
    const rows = lines(5);
    rows[2] = JSON.stringify({
      instruction: 'Quick one: what is the difference between a Roth IRA and a traditional IRA?',
      response: 'Taxes now versus taxes later, in one sentence or two.',
    });
    rows[3] = JSON.stringify({
      instruction: 'What is a credit score?',
      response: 'A number that sums up how reliably you repay debt.',
    });
    const r = await validateText(rows.join('\n'), { hiddenQuestions: hidden });
    expect(r.organizerWarnings).toEqual([expect.objectContaining({ line: 3, code: 'HIDDEN_QUESTION_OVERLAP' })]);
    expect(r.organizerWarnings[0]!.message).toMatch(/hidden question 1/);
    const memberFacing = JSON.stringify({ warnings: r.warnings, errors: r.errors, summary: formatReport(r) });
    expect(memberFacing).not.toMatch(/Roth|hidden/i);
  });

  it('counts all warnings while listing at most 50', async () => {
    const rows = Array.from({ length: 80 }, (_, i) =>
      JSON.stringify({ instruction: `Question ${i}?`, response: 'Yes.' }),
    );
    const r = await validateText(rows.join('\n'));
    expect(r.warningCount).toBe(80);
    expect(r.warnings).toHaveLength(50);
  });
});
