/**
 * npm run bench:validate — the dataset validator against a baseline that only splits lines and
 * calls JSON.parse, in the same run, on two generated files: one at a round's default maximum
 * (50 MB) and one of 200 MB. Each measurement runs in its own child process (9 rounds per file,
 * each running the baseline and the validator, in turn first), so peak RSS
 * (process.resourceUsage().maxRSS, tsx's own ~70 MB included) is the validator's alone. The
 * validator runs as the CLI runs it: every check, without hidden questions or train.jsonl output.
 * Prints one JSON line per file, the ratio being the median of the rounds' own ratios:
 * {"bench":"validate","mb":…,"mbps":…,"baseline_mbps":…,"ratio":…,"cpu_ratio":…,"peak_rss_mb":…}
 * Targets: ratio ≥ 0.45 on both, peak RSS ≤ 150 MB.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateDataset } from '../src/core/dataset';

/** A round's default maximum (max_mb in rounds.ts), and a file four times as big. */
const SIZES_MB = [50, 200];
/**
 * Rounds of one run a side. Medians, not best times: the machine is shared and noisy. The ratio
 * is the median of each round's own ratio, whose two runs come back to back and so see much the
 * same machine.
 */
const ROUNDS = 9;

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  rows: number;
  valid: boolean;
  maxRssMb: number;
}

async function baseline(file: string): Promise<{ rows: number; valid: boolean }> {
  const decoder = new TextDecoder();
  let rest = '';
  let rows = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Uint8Array>) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      if (nl > from) {
        JSON.parse(text.slice(from, nl));
        rows++;
      }
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  if (rest) {
    JSON.parse(rest);
    rows++;
  }
  return { rows, valid: true };
}

async function validator(file: string): Promise<{ rows: number; valid: boolean }> {
  const size = statSync(file).size;
  const report = await validateDataset(createReadStream(file) as AsyncIterable<Uint8Array>, {
    format: 'auto',
    limits: { maxBytes: size + 1, maxLineBytes: 64 * 1024, minRows: 1, maxRows: 10_000_000 },
    sizeBytes: size,
  });
  return { rows: report.rows, valid: report.valid };
}

async function child(mode: string, file: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { rows, valid } = mode === 'baseline' ? await baseline(file) : await validator(file);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const result: ChildResult = {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    rows,
    valid,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Deterministic text generator: pseudo-words, sentences, some numbers, accents, duplicates, e-mails. */
function* rows(): Generator<string> {
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const syllables =
    'ba be bi bo bu ca ce co da de di do fa fe fi ga ge go ha he hi la le li lo ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we ya yo za'.split(
      ' ',
    );
  const common =
    'the a an of to and in is it you that for on with as are be this can your at by or from have more will'.split(' ');
  const words = Array.from({ length: 6000 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(syllables)).join(''),
  );
  const accented = ['café', 'naïve', 'über', 'façade', 'coöperate', 'résumé', 'jalapeño', 'señor'];
  const sentence = () => {
    const n = 6 + Math.floor(random() * 16);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      out.push(
        r < 0.4
          ? pick(common)
          : r < 0.97
            ? pick(words)
            : r < 0.99
              ? String(Math.floor(random() * 5000))
              : pick(accented),
      );
    }
    const s = out.join(' ');
    return `${s[0]!.toUpperCase() + s.slice(1) + (random() < 0.15 ? `, ${pick(words)} ${pick(words)}` : '')}.`;
  };
  const paragraph = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, sentence).join(' ');
  const recent: string[] = [];
  for (let i = 0; ; i++) {
    const r = random();
    let line: string;
    if (r < 0.005 && recent.length)
      line = pick(recent); // exact duplicate
    else if (r < 0.01 && recent.length)
      line = pick(recent).replace(/ (\w+)\./, ' changed.'); // near duplicate
    else {
      const row: Record<string, string> = { instruction: sentence().replace(/\.$/, '?') };
      if (random() < 0.2) row.context = paragraph(1, 3);
      row.response = paragraph(1, 7) + (random() < 0.001 ? ` Write to ${pick(words)}@example.com.` : '');
      line = JSON.stringify(row);
    }
    if (i % 97 === 0) {
      recent.push(line);
      if (recent.length > 50) recent.shift();
    }
    yield line;
  }
}

/** Writes generated rows up to `target` bytes, whole lines only; returns the bytes written. */
function generate(file: string, target: number): number {
  const fd = openSync(file, 'w');
  const encoder = new TextEncoder();
  let written = 0;
  let buffer: string[] = [];
  let buffered = 0;
  try {
    for (const line of rows()) {
      const bytes = encoder.encode(line).length + 1;
      if (written + buffered + bytes > target || buffered >= 4_000_000) {
        written += writeSync(fd, encoder.encode(buffer.join('')));
        buffer = [];
        buffered = 0;
        if (written + bytes > target) break;
      }
      buffer.push(`${line}\n`);
      buffered += bytes;
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

function run(mode: string, file: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`${mode} run failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** Runs both sides on one file, alternating which goes first, and prints the file's line. */
function measure(file: string, bytes: number): void {
  const results = { baseline: [] as ChildResult[], validator: [] as ChildResult[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Each side goes first in every other round, so a machine slowing down or speeding up
    // during a round favours neither.
    if (round % 2) results.validator.push(run('validator', file));
    results.baseline.push(run('baseline', file));
    if (!(round % 2)) results.validator.push(run('validator', file));
  }
  const v = results.validator[0]!;
  const b = results.baseline[0]!;
  if (!v.valid || v.rows !== b.rows)
    throw new Error(`the validator read ${v.rows} rows (valid: ${v.valid}); the baseline ${b.rows}`);
  const mb = bytes / 1e6;
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const round = (x: number, digits = 1) => Number(x.toFixed(digits));
  const line = {
    bench: 'validate',
    mb: round(mb),
    mbps: round(mb / median(results.validator.map((x) => x.seconds))),
    baseline_mbps: round(mb / median(results.baseline.map((x) => x.seconds))),
    ratio: round(median(results.validator.map((x, i) => results.baseline[i]!.seconds / x.seconds)), 3),
    // The same from CPU time: steadier than wall time on a machine shared with other work.
    cpu_ratio: round(median(results.validator.map((x, i) => results.baseline[i]!.cpuSeconds / x.cpuSeconds)), 3),
    peak_rss_mb: round(Math.max(...results.validator.map((x) => x.maxRssMb))),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2]!);
  // For profiling: `tsx bench/validate.ts --generate FILE MB` writes a sample and exits.
  if (args[0] === '--generate') return void generate(args[1]!, Number(args[2]) * 1e6);
  const file = join(tmpdir(), `league-bench-validate-${process.pid}.jsonl`);
  const cleanup = () => rmSync(file, { force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    for (const mb of SIZES_MB) measure(file, generate(file, mb * 1e6));
  } finally {
    cleanup();
  }
}

await main();
