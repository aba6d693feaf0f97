import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

/** Every directory and file of the project, relative to its root (dependencies and state left out). */
const entries = readdirSync(root, { recursive: true, withFileTypes: true })
  .map((e) => ({ path: relative(root, join(e.parentPath, e.name)).split(sep).join('/'), dir: e.isDirectory() }))
  .filter((e) => !/^(node_modules|\.git|\.league|\.ci)(\/|$)/.test(e.path) && !e.path.startsWith('.'));
const dirs = entries.filter((e) => e.dir).map((e) => e.path);
const names = new Set(entries.map((e) => e.path.split('/').at(-1)!));
const named = (dir: string) =>
  new RegExp(`(^|[\\s,(])${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`, 'm').test(layout);

describe("README's layout section", () => {
  it('names every top-level directory and every directory of src/core, src/adapters and test', () => {
    expect(layout).not.toBe('');
    const expected = dirs.filter((d) => !d.includes('/') || /^(src\/core|src\/adapters|test)\/[^/]+$/.test(d));
    expect(expected.filter((d) => !named(d.split('/').at(-1)!))).toEqual([]);
    expect(named('src/core') && named('src/adapters') && named('src/handlers') && named('src/local')).toBe(true);
  });

  it('names only directories and files that exist', () => {
    const dirNames = new Set(dirs.map((d) => d.split('/').at(-1)!));
    const mentionedDirs = [...layout.matchAll(/([a-z][\w.-]*)\//g)].map((m) => m[1]!);
    expect(mentionedDirs.filter((d) => !dirNames.has(d))).toEqual([]);
    const mentionedFiles = [...layout.matchAll(/\b([\w.-]+\.(?:ts|yml|json|wat))\b/g)].map((m) => m[1]!);
    expect(mentionedFiles.filter((f) => !names.has(f))).toEqual([]);
  });
});
