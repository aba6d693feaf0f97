import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { projectRoot } from '../src/local/paths';

/** Module substitutions of the Lambda bundles, as in serverless.yml's `custom.esbuild.alias`. */
const LAMBDA_ALIAS = { '@discordjs/rest': join(projectRoot(), 'node_modules/@discordjs/rest/dist/web.mjs') };

/** The deployed bundles' esbuild plugins, shared with serverless.yml (`custom.esbuild.plugins`). */
const lambdaPlugins = createRequire(import.meta.url)('../deploy/esbuild-plugins.cjs') as Plugin[];

/**
 * How serverless.yml's `custom.esbuild` builds a Lambda (ESM, minified, CommonJS dependencies given a
 * require(), the same aliases and plugins), for the Node this runs on. `entry` is relative to the root.
 */
export const lambdaBundle = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [join(projectRoot(), entry)],
  outfile,
  bundle: true,
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
export async function measureBundle(entry: string, runs = 5): Promise<{ cold_import_ms: number; bundle_kb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'league-bundle-'));
  try {
    const outfile = join(dir, 'handler.mjs');
    await build(lambdaBundle(entry, outfile));
    const times = Array.from({ length: runs }, () => importMs(outfile)).sort((a, b) => a - b);
    return {
      cold_import_ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      bundle_kb: Math.round(statSync(outfile).size / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
