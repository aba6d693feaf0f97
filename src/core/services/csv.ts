/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-looking cells defused. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header and rows as CSV with CRLF line ends (what spreadsheets expect). */
export const csv = (header: readonly string[], rows: readonly string[][]): string =>
  `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
