import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderText, terminalStyle } from '../../src/adapters/local/text-render';
import { projectRoot } from '../../src/local/paths';

const run = promisify(execFile);
const tsx = join(projectRoot(), 'node_modules/tsx/dist/cli.mjs');
/** Runs a command as a user does (its exit code and both streams, whatever the code). */
async function user(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd: projectRoot(),
      env: { ...process.env, NO_COLOR: '', ...env },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
const ESC = '\x1b[';

describe('npm run demo', () => {
  it("prints styled terminal text, links on PORT, and the organizer's steps from opening to results", async () => {
    const { code, stdout } = await user([tsx, 'src/local/demo.ts'], { PORT: '4567', FORCE_COLOR: '1' });
    expect(code).toBe(0);
    // Chat markup becomes ANSI styles: no raw *bold*, _italic_ or `code` is left.
    expect(stdout).toContain(`${ESC}1mPersonal Finance Sprint${ESC}22m`);
    expect(stdout).toContain(`${ESC}36m/league round announce demo${ESC}39m`);
    const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).not.toMatch(/(^|\s)\*[^*\s][^*\n]*\*(?=\s|$)/m);
    expect(plain).not.toMatch(/`[^`\n]+`/);
    expect(plain).toContain('http://localhost:4567/leaderboard/demo');
    expect(plain).not.toContain('localhost:3000');
    for (const step of [
      'round open name=',
      'round questions demo',
      'round announce demo',
      'round close demo',
      'round results demo',
    ])
      expect(plain).toContain(`> organizer: /league ${step}`);
    expect(plain.indexOf('round open')).toBeLessThan(plain.indexOf('> alice: /league submit'));
    // dave's drafted dataset ties bob's and was submitted later.
    expect(plain).toMatch(/#1 alice .*\n#2 bob .*\n#3 dave .*\n#4 carol/);
  }, 200_000);
});

describe('terminal text', () => {
  const message = {
    text: '',
    blocks: [
      { type: 'heading' as const, text: 'Round *Sprint*' },
      { type: 'text' as const, text: 'Use `/league submit` with _care_, <@local:demo:alice>; learning_rate stays.' },
    ],
  };
  it('is plain, without markup, when piped or NO_COLOR is set; styled on a terminal or with FORCE_COLOR', () => {
    expect(renderText(message, { ansi: false })).toBe(
      '== Round Sprint ==\nUse /league submit with care, @alice; learning_rate stays.',
    );
    expect(renderText(message, { ansi: true })).toContain(`${ESC}3mcare${ESC}23m`);
    expect(terminalStyle({}, false)).toEqual({ ansi: false });
    expect(terminalStyle({}, true)).toEqual({ ansi: true });
    expect(terminalStyle({ NO_COLOR: '1' }, true)).toEqual({ ansi: false });
    expect(terminalStyle({ FORCE_COLOR: '1' }, false)).toEqual({ ansi: true });
  });
});

describe('npx league', () => {
  it('suggests the command a typo meant, and --help names every option of validate', async () => {
    const typo = await user(['bin/league.mjs', 'valdate', 'x.jsonl']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown command: valdate \(did you mean `league validate`\?\)/);
    const help = await user(['bin/league.mjs', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--format', '--min-rows', '--max-rows', '--max-mb', '--template', '--json'])
      expect(help.stdout).toContain(option);
  }, 60_000);
});
