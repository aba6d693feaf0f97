/** Why a line is not JSON: where (0-based index into the line) and what to do. */
export interface JsonProblem {
  index: number;
  message: string;
  hint: string;
}

const GENERIC_HINT = 'Check the quotes, commas and braces on this line.';
/** Advice on JSON errors that does not depend on the line. */
const HINT = {
  number: 'Write numbers like 12, -3.5 or 1e6, without leading zeros, or put the value in quotes.',
  comma: 'Remove the comma after the last field.',
  singleKey: 'JSON needs double quotes: "instruction", not \'instruction\'.',
  key: 'Put every field name in double quotes, e.g. {"instruction": "…"}.',
  colon: 'Write each field as "name": value.',
  pretty:
    'Each example must be one JSON object on one line: this looks like pretty-printed JSON spread over several lines.',
  notValue: 'Use true, false or null (lower case), or put the text in double quotes.',
  curly: 'Use straight double quotes (") around JSON text; word processors turn them into curly ones.',
  unicodeEscape: 'Write \\u followed by four hex digits, or write a backslash as \\\\.',
  backslash: 'Write a literal backslash as \\\\ (two backslashes).',
  unclosed: 'Close the text with ", and write line breaks inside text as \\n so the example stays on one line.',
};
const problem = (index: number, message: string, hint: string): JsonProblem => ({ index, message, hint });

/** The first syntax error of a line JSON.parse rejected, for a person; iterative, so deep nesting is safe. */
export function diagnoseJson(text: string): JsonProblem {
  const n = text.length;
  const stack: number[] = []; // OBJECT or ARRAY
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (expect === 'end')
        return { index: n, message: 'The line is valid JSON but could not be read.', hint: GENERIC_HINT };
      return endedEarly(text, stack, expect);
    }
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (
      (c === ']' && (expect === 'value-or-close' || (expect === 'comma-or-close' && top === ARRAY))) ||
      (c === '}' && (expect === 'key-or-close' || (expect === 'comma-or-close' && top === OBJECT)))
    ) {
      stack.pop();
      i++;
      expect = after(stack);
      continue;
    }
    switch (expect) {
      case 'value':
      case 'value-or-close': {
        if (c === '{' || c === '[') {
          stack.push(c === '{' ? OBJECT : ARRAY);
          expect = c === '{' ? 'key-or-close' : 'value-or-close';
          i++;
          break;
        }
        if (c === '"') {
          const s = scanString(text, i);
          if (typeof s !== 'number') return s;
          i = s;
          expect = after(stack);
          break;
        }
        if (c === '-' || (c >= '0' && c <= '9')) {
          const end = scanNumber(text, i);
          if (end < 0) return problem(i, `A number at column ${i + 1} is not written the JSON way.`, HINT.number);
          i = end;
          expect = after(stack);
          break;
        }
        const word = /^[A-Za-z_]+/.exec(text.slice(i, i + 16))?.[0];
        if (word === 'true' || word === 'false' || word === 'null') {
          i += word.length;
          expect = after(stack);
          break;
        }
        return unexpectedValue(i, c, word, expect === 'value-or-close' || stack.length > 0);
      }
      case 'key':
      case 'key-or-close': {
        if (c === '}') return problem(i, `There is a comma before "}" at column ${i + 1}.`, HINT.comma);
        if (c === '"') {
          const s = scanString(text, i);
          if (typeof s !== 'number') return s;
          i = s;
          expect = 'colon';
          break;
        }
        if (c === "'") return problem(i, `A field name at column ${i + 1} is in single quotes.`, HINT.singleKey);
        return problem(i, `Expected a field name in double quotes at column ${i + 1}, found ${show(c)}.`, HINT.key);
      }
      case 'colon':
        if (c === ':') {
          i++;
          expect = 'value';
          break;
        }
        return problem(i, `Expected ":" after the field name at column ${i + 1}, found ${show(c)}.`, HINT.colon);
      case 'comma-or-close': {
        if (c === ',') {
          i++;
          expect = top === OBJECT ? 'key' : 'value';
          break;
        }
        const closer = top === OBJECT ? '}' : ']';
        const hint =
          c === '"'
            ? 'A comma is missing between two fields, or a quote inside a text is not escaped (write \\" inside text).'
            : `Separate items with commas and close with ${closer}.`;
        return { index: i, message: `Expected "," or "${closer}" at column ${i + 1}, found ${show(c)}.`, hint };
      }
      case 'end':
        return problem(
          i,
          `Unexpected text after the end of the JSON object, at column ${i + 1}.`,
          c === '{' ? 'Put each example on its own line.' : 'Remove what follows the closing "}".',
        );
    }
  }
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
const OBJECT = 1;
const ARRAY = 2;

const after = (stack: number[]): Expect => (stack.length ? 'comma-or-close' : 'end');
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function show(c: string): string {
  const code = c.codePointAt(0)!;
  if (code === 0xfeff) return 'an invisible byte-order mark (U+FEFF)';
  if (code < 32 || (code >= 0x7f && code < 0xa0))
    return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `"${c}"`;
}

function endedEarly(text: string, stack: number[], expect: Expect): JsonProblem {
  const n = text.length;
  if (n === 0) return { index: 0, message: 'The line is empty.', hint: GENERIC_HINT };
  const trimmed = text.trim();
  if (trimmed === '{' || trimmed === '[' || trimmed.endsWith(',') || trimmed.endsWith(':')) {
    return problem(n, 'The line ends in the middle of a JSON object.', HINT.pretty);
  }
  const open = stack[stack.length - 1] === ARRAY ? ']' : '}';
  return problem(
    n,
    `The line ends before the JSON is complete (expected ${expect.startsWith('key') ? 'a field name' : expect === 'colon' ? '":"' : expect.startsWith('value') ? 'a value' : `"," or "${open}"`}).`,
    `Close the object with "${open}", and keep each example on a single line.`,
  );
}

function unexpectedValue(i: number, c: string, word: string | undefined, inside: boolean): JsonProblem {
  const at = `column ${i + 1}`;
  if (c === "'")
    return problem(i, `A text at ${at} is in single quotes.`, 'JSON needs double quotes around text: "like this".');
  if (word === 'True' || word === 'False' || word === 'None' || word === 'undefined' || word === 'NaN') {
    return problem(i, `${word} at ${at} is not a JSON value.`, HINT.notValue);
  }
  if (c === ',' || c === '}' || c === ']')
    return problem(
      i,
      `A value is missing before ${show(c)} at ${at}.`,
      inside ? 'Remove the extra comma, or write the missing value.' : GENERIC_HINT,
    );
  if (word) return problem(i, `Text at ${at} is not in quotes.`, 'Put text values in double quotes: "like this".');
  if (c === '\u201c' || c === '\u201d') return problem(i, `A curly quote at ${at}.`, HINT.curly);
  return problem(
    i,
    `Unexpected ${show(c)} at ${at}.`,
    i === 0 ? 'Each line must be one JSON object, starting with "{".' : GENERIC_HINT,
  );
}

/** Returns the index after the closing quote, or the problem. */
function scanString(text: string, start: number): number | JsonProblem {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6)))
          return problem(i, `A \\u escape at column ${i + 1} needs four hex digits.`, HINT.unicodeEscape);
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
        i++;
      } else {
        return problem(
          i,
          `The backslash at column ${i + 1} starts an escape JSON does not know (\\${e ?? ''}).`,
          HINT.backslash,
        );
      }
    } else if (c < 32) {
      return problem(
        i,
        `A raw control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}) inside a text at column ${i + 1}.`,
        c === 9 ? 'Write a tab as \\t.' : 'Escape control characters (a tab as \\t, a line break as \\n).',
      );
    }
  }
  return problem(n, `The text starting at column ${start + 1} is never closed with a double quote.`, HINT.unclosed);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Returns the index after a JSON number starting at `start`, or -1 if it is malformed. */
function scanNumber(text: string, start: number): number {
  NUMBER.lastIndex = start;
  const m = NUMBER.exec(text);
  if (!m) return -1;
  const end = start + m[0].length;
  const next = text[end];
  // "012" or "1.": a digit or dot straight after a complete number is malformed.
  if (next !== undefined && /[0-9.eE]/.test(next)) return -1;
  return end;
}
