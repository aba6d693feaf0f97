import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { projectRoot } from '../src/local/paths';

/** Module substitutions of the Lambda bundles, as in serverless.yml's `custom.esbuild.alias`. */
const LAMBDA_ALIAS = { '@discordjs/rest': join(projectRoot(), 'node_modules/@discordjs/rest/dist/web.mjs') };

/** The deployed bundles' esbuild plugins, shared with serverless.yml (`custom.esbuild.plugins`). */
const lambdaPlugins = createRequire(import.meta.url)('../deploy/esbuild-plugins.cjs') as Plugin[];

/**
 * How serverless.yml's `custom.esbuild` builds a Lambda (ESM, minified, split into chunks so that a
 * module imported on first use is read only then, CommonJS dependencies given a require(), the same
 * aliases and plugins), for the Node this runs on. `entry` is relative to the root; the handler is
 * written to `lambdaOutput(entry, outdir)`, its chunks under `outdir/chunks`.
 */
export const lambdaBundle = (entry: string, outdir: string): BuildOptions => ({
  entryPoints: [join(projectRoot(), entry)],
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  format: 'esm',
  minify: true,
  sourcemap: false,
  logLevel: 'error',
  plugins: [...lambdaPlugins],
  alias: LAMBDA_ALIAS,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

/** Where `lambdaBundle(entry, outdir)` writes the handler module. */
export const lambdaOutput = (entry: string, outdir: string): string =>
  join(outdir, `${basename(entry).replace(/\.ts$/, '')}.mjs`);

/**
 * Kilobytes an import of the handler reads: its module and the chunks it imports statically (not
 * those imported on first use), and of every file of the build.
 */
export function bundleKb(metafile: Metafile, handlerFile: string): { bundle_kb: number; package_kb: number } {
  const outputs = metafile.outputs;
  const key = Object.keys(outputs).find((k) => resolve(k) === resolve(handlerFile));
  if (!key) throw new Error(`${handlerFile} is not an output of the build`);
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const i of outputs[k]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) stack.push(i.path);
  }
  const kb = (keys: Iterable<string>) => Math.round([...keys].reduce((n, k) => n + outputs[k]!.bytes, 0) / 1024);
  return { bundle_kb: kb(seen), package_kb: kb(Object.keys(outputs)) };
}

/** Builds a Lambda entry into `outdir`: the handler module's path and its sizes. */
export async function buildLambda(
  entry: string,
  outdir: string,
): Promise<{ file: string; bundle_kb: number; package_kb: number }> {
  const result = await build({ ...lambdaBundle(entry, outdir), metafile: true });
  const file = lambdaOutput(entry, outdir);
  return { file, ...bundleKb(result.metafile!, file) };
}

/** Milliseconds a fresh Node process takes to import a bundle (a local import, not a Lambda cold start). */
export function importMs(outfile: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    }),
  );
}

/** Bundles a Lambda entry with esbuild and times its import in fresh Node processes (median of `runs`). */
export async function measureBundle(
  entry: string,
  runs = 5,
): Promise<{ cold_import_ms: number; bundle_kb: number; package_kb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'league-bundle-'));
  try {
    const { file, ...sizes } = await buildLambda(entry, dir);
    const times = Array.from({ length: runs }, () => importMs(file)).sort((a, b) => a - b);
    return { cold_import_ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10, ...sizes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
