import fc from 'fast-check';

/** Graphemes that take more than one UTF-16 unit, or more than one code point. */
export const WIDE_GRAPHEMES = [
  '😀',
  '🐦',
  '👍🏽',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇫🇷',
  'é', // e + combining acute
  '각', // Hangul jamo
  '𝔘',
  '❤️',
];

/** Syntax Slack or Discord (or core) would read as a mention, a broadcast, a channel or a link. */
export const PLATFORM_TOKENS = [
  '<@U0VICTIM>',
  '<@W0VICTIM>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0TEAM>',
  '<#C0SECRET>',
  '<#C0SECRET|secret>',
  '<https://evil.example/prize|Claim your prize>',
  '<mailto:a@evil.example|mail>',
  '<@123456789012345678>',
  '<@!123456789012345678>',
  '<@&223456789012345678>',
  '<#323456789012345678>',
  '</league:423456789012345678>',
  '@everyone',
  '@here',
  '@Everyone',
  '[Claim your prize](https://evil.example/prize)',
  '[x](<https://evil.example>)',
  '<@slack:T0TEAM:U0VICTIM>',
  '<@discord:523456789012345678:623456789012345678>',
  '<@local:demo:victim>',
  '&lt;',
  '&amp;',
  '\\',
  '*',
  '_',
  '`',
  '~',
  '|',
  '\n',
  ':tada:',
];

/** Strings a hostile member might write: platform syntax, wide graphemes, lone surrogates, any characters. */
export const hostileText = (maxLength = 40): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...PLATFORM_TOKENS) },
        { weight: 2, arbitrary: fc.constantFrom(...WIDE_GRAPHEMES) },
        { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
        { weight: 1, arbitrary: fc.constantFrom('\uD83D', '\uDE00', '<', '>', '@', '[', ']', '(', ')', '&', '#', '!') },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

/** Whether `text` has no unpaired surrogate (String.prototype.isWellFormed, ES2024). */
export const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
