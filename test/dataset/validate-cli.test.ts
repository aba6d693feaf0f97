import { describe, expect, it } from 'vitest';
import { type CliIo, runValidateCli } from '../../src/local/validate-cli';
import { encoder, lines } from './support';

function fakeIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (s) => {
      out.push(s);
    },
    stderr: (s) => {
      err.push(s);
    },
    async *readFile(path) {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      const bytes = encoder.encode(files[path]!);
      for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
    },
    async fileSize(path) {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return encoder.encode(files[path]!).length;
    },
  };
  return { io, out, err };
}

// A round opened with the default limits takes 20 rows at least.
const good = lines(24).join('\n');
const bad = (() => {
  const r = lines(24);
  r[4] = '{"instruction": "x"';
  return r.join('\n');
})();

describe('league validate', () => {
  it('exits 0 for a valid file, with a verdict line first', async () => {
    const { io, out } = fakeIo({ 'data.jsonl': good });
    expect(await runValidateCli(['data.jsonl'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/^✔ data\.jsonl: valid — 24 rows, instruction format, 0 warnings/);
  });

  it('exits 1 for an invalid file, listing the lines to fix with hints', async () => {
    const { io, out } = fakeIo({ 'data.jsonl': bad });
    expect(await runValidateCli(['data.jsonl'], io)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/^✘ data\.jsonl: invalid — 1 error/);
    expect(text).toMatch(/line 5 {2}INVALID_JSON: .*\n +→ Close the object/);
  });

  it('prints exactly one JSON object with --json', async () => {
    const { io, out } = fakeIo({ 'data.jsonl': bad });
    expect(await runValidateCli(['data.jsonl', '--json'], io)).toBe(1);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!);
    expect(Object.keys(report)).toEqual(['valid', 'format', 'rows', 'errors', 'warnings', 'stats', 'limits']);
    expect(report).toMatchObject({ valid: false, format: 'instruction', rows: 23 });
    // Each issue carries its fix, as the text report does.
    expect(report.errors).toEqual([
      {
        line: 5,
        code: 'INVALID_JSON',
        message: expect.any(String),
        hint: expect.stringMatching(/Close the object/),
        column: expect.any(Number),
      },
    ]);
    expect(report.stats).toMatchObject({ rows: 23, exactDuplicates: 0, nearDuplicates: 0, tokens: expect.any(Object) });
    expect(report.limits).toEqual({ minRows: 20, maxRows: 10_000, maxBytes: 50_000_000 });
  });

  it('applies --format, --max-rows, --min-rows and --template', async () => {
    const files = {
      'data.jsonl': good,
      'qa.jsonl': lines(24, (i) =>
        JSON.stringify({ question: `Q${i} about saving?`, answer: `Answer ${i}, in a full sentence.` }),
      ).join('\n'),
      'template.json': '{"prompt": "{question}", "completion": "{answer}"}',
    };
    expect(await runValidateCli(['data.jsonl', '--format', 'chat'], fakeIo(files).io)).toBe(1);
    expect(await runValidateCli(['data.jsonl', '--format=instruction'], fakeIo(files).io)).toBe(0);
    const limited = fakeIo(files);
    expect(await runValidateCli(['data.jsonl', '--max-rows', '5', '--json'], limited.io)).toBe(1);
    expect(JSON.parse(limited.out[0]!).errors[0].code).toBe('TOO_MANY_ROWS');
    expect(await runValidateCli(['data.jsonl', '--min-rows', '30'], fakeIo(files).io)).toBe(1);
    expect(await runValidateCli(['data.jsonl', '--max-mb', '0.001'], fakeIo(files).io)).toBe(1);
    expect(await runValidateCli(['qa.jsonl'], fakeIo(files).io)).toBe(1);
    expect(await runValidateCli(['qa.jsonl', '--template', 'template.json'], fakeIo(files).io)).toBe(0);
  });

  it("checks against a default round's limits and says so: 15 rows are too few, as `round open` would have it", async () => {
    const { io, out } = fakeIo({ 'data.jsonl': lines(15).join('\n') });
    expect(await runValidateCli(['data.jsonl'], io)).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/the file {2}TOO_FEW_ROWS: The file has 15 examples; this round needs at least 20/);
    expect(text).toMatch(/Checked against a round's default limits \(20–10,000 rows, 50 MB\)/);
    const custom = fakeIo({ 'data.jsonl': lines(15).join('\n') });
    expect(await runValidateCli(['data.jsonl', '--min-rows', '10', '--max-mb', '2'], custom.io)).toBe(0);
    expect(custom.out.join('\n')).toMatch(/Checked against 10–10,000 rows, 2 MB\.$/);
  });

  it('--help lists every option the usage error names, each explained', async () => {
    const help = fakeIo({});
    expect(await runValidateCli(['--help'], help.io)).toBe(0);
    const usage = fakeIo({});
    expect(await runValidateCli(['data.jsonl', '--verbose'], usage.io)).toBe(2);
    const options = [...usage.err.join('\n').matchAll(/\[(--[a-z-]+)/g)].map((m) => m[1]!);
    expect(options).toEqual(
      expect.arrayContaining(['--format', '--min-rows', '--max-rows', '--max-mb', '--template', '--json']),
    );
    for (const option of options) expect(help.out.join('\n')).toMatch(new RegExp(`^ +${option}\\b.* {2,}\\w`, 'm'));
  });

  it.each([
    [[], /Which file/],
    [['a.jsonl', 'b.jsonl'], /One file at a time/],
    [['data.jsonl', '--format', 'csv'], /--format takes auto, instruction or chat, not "csv"/],
    [['data.jsonl', '--max-rows', 'many'], /--max-rows takes a whole number, not "many"/],
    [['data.jsonl', '--max-rows'], /--max-rows takes a whole number/],
    [['data.jsonl', '--verbose'], /Unknown option --verbose/],
    [['missing.jsonl'], /Cannot read missing\.jsonl: no such file/],
    [['data.jsonl', '--template', 'nope.json'], /Cannot use the template: nope\.json: no such file/],
  ])('exits 2 for %j, saying why', async (argv, why) => {
    const { io, out, err } = fakeIo({ 'data.jsonl': good });
    expect(await runValidateCli(argv as string[], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(why);
    expect(err.join('\n')).toMatch(/Usage: league validate FILE|Cannot/);
  });
});
