import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { projectRoot } from '../src/local/paths';

/** Module substitutions of the Lambda bundles, as in serverless.yml's `custom.esbuild.alias`. */
export const LAMBDA_ALIAS = { '@discordjs/rest': join(projectRoot(), 'node_modules/@discordjs/rest/dist/web.mjs') };

/** The deployed bundles' esbuild plugins, shared with serverless.yml (`custom.esbuild.plugins`). */
export const lambdaPlugins = createRequire(import.meta.url)('../deploy/esbuild-plugins.cjs') as Plugin[] & {
  UNUSED_SLACK_TRANSPORTS: RegExp;
};

/** Bundles a Lambda entry with esbuild and times its cold import in fresh Node processes (median of `runs`). */
export async function measureBundle(entry: string, runs = 5): Promise<{ cold_init_ms: number; bundle_kb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'league-bundle-'));
  try {
    const outfile = join(dir, 'handler.mjs');
    await build({
      entryPoints: [join(projectRoot(), entry)],
      outfile,
      bundle: true,
      alias: LAMBDA_ALIAS,
      plugins: [...lambdaPlugins],
      platform: 'node',
      target: 'node20',
      format: 'esm',
      minify: true,
      logLevel: 'error',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(String(performance.now() - t));`;
    const times: number[] = [];
    for (let i = 0; i < runs; i++)
      times.push(
        Number(
          execFileSync(process.execPath, ['--input-type=module', '-e', script], {
            cwd: dir,
            encoding: 'utf8',
            env: { PATH: process.env.PATH },
          }),
        ),
      );
    times.sort((a, b) => a - b);
    return {
      cold_init_ms: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
      bundle_kb: Math.round(statSync(outfile).size / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
