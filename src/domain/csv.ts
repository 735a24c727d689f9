/**
 * CSV (RFC 4180) for spreadsheets: a field with a comma, quote or line break is quoted (quotes
 * doubled), and a field that a spreadsheet would run as a formula (starting with = + - @, or a tab
 * or carriage return) is prefixed with ' so it stays text. Lines end in CRLF; a UTF-8 BOM lets
 * Excel read Persian, Arabic and Urdu names correctly.
 */
export function csvCell(value: string | number | undefined | null): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | undefined | null>>): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
