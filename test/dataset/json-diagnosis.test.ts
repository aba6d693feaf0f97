import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnoseJson } from '../../src/core/dataset/json-diagnosis';

describe('diagnoseJson', () => {
  const cases: [string, number, RegExp, RegExp][] = [
    ['{"instruction": "missing the end"', 33, /ends before the JSON is complete/, /Close the object/],
    ["{'instruction': 'x'}", 1, /single quotes/, /double quotes/],
    ['{"a": "x",}', 10, /comma before "}"/, /Remove the comma/],
    ['{instruction: "x"}', 1, /field name in double quotes/, /double quotes/],
    ['{"a": True}', 6, /True .* not a JSON value/, /true, false or null/],
    ['{"a": "x" "b": "y"}', 10, /Expected "," or "}"/, /comma is missing/],
    ['{"a": "unterminated}', 20, /never closed/, /\\n/],
    ['{"a": "bad \\q escape"}', 11, /escape JSON does not know/, /\\\\/],
    ['{"a": "tab\there"}', 10, /control character/, /\\t/],
    ['{"a": 1}{"b": 2}', 8, /after the end of the JSON object/, /own line/],
    ['{', 1, /middle of a JSON object/, /pretty-printed/],
    ['{"a": “curly”}', 6, /curly quote/, /straight double quotes/],
    ['{"a": 012}', 6, /number .* not written the JSON way/, /leading zeros/],
    ['\uFEFF{"a": 1}', 0, /byte-order mark/, /.+/],
  ];
  it.each(cases)('%s → column %i, with a message and a hint', (text, index, message, hint) => {
    expect(() => JSON.parse(text)).toThrow();
    const p = diagnoseJson(text);
    expect(p.index).toBe(index);
    expect(p.message).toMatch(message);
    expect(p.hint).toMatch(hint);
  });

  it('points inside the line for any object with one character removed that no longer parses', () => {
    const row = fc.dictionary(
      fc.string({ maxLength: 6 }),
      fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null)),
      { minKeys: 1, maxKeys: 4 },
    );
    fc.assert(
      fc.property(row, fc.nat(), (obj, cut) => {
        const json = JSON.stringify(obj);
        const at = cut % json.length;
        const broken = json.slice(0, at) + json.slice(at + 1);
        let parses = true;
        try {
          JSON.parse(broken);
        } catch {
          parses = false;
        }
        fc.pre(!parses);
        const p = diagnoseJson(broken);
        expect(p.index).toBeGreaterThanOrEqual(0);
        expect(p.index).toBeLessThanOrEqual(broken.length);
        expect(p.message.length).toBeGreaterThan(0);
        expect(p.hint.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('copes with deep nesting without overflowing the stack', () => {
    const deep = '['.repeat(100_000);
    expect(() => JSON.parse(deep)).toThrow();
    expect(diagnoseJson(deep).message).toMatch(/JSON/);
  });
});
