/**
 * RFC 4180 CSV for search exports, opened by spreadsheet programs as UTF-8 thanks to the BOM.
 * A cell that a spreadsheet would run as a formula (= + - @, tab, CR at the start) is prefixed
 * with an apostrophe (OWASP "CSV injection"); Arabic text is otherwise exported exactly as stored.
 */
export function toCsv(header: string[], rows: Array<Array<string | number>>): string {
  const lines = [header, ...rows].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
