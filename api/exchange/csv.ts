import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * The one CSV writer (search results, chain of custody, collection exports): RFC 4180 through
 * csv-stringify, CRLF line ends, a UTF-8 byte order mark so that spreadsheet programs open
 * Arabic as Arabic. A text cell a spreadsheet would run as a formula (starting = + - @, tab or
 * CR) gets a leading apostrophe (OWASP "CSV injection"); numbers and booleans are written as
 * they are, and text otherwise exactly as stored.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, opts: { bom?: boolean } = {}): string {
  const body = stringify([header, ...rows].map((r) => r.map(defused)), {
    record_delimiter: 'windows',
    // A line break of either kind inside a cell is quoted (csv-stringify alone quotes only the record delimiter).
    quoted_match: /[\r\n]/,
    cast: { boolean: (b) => String(b) },
  });
  return (opts.bom === false ? '' : '\uFEFF') + body;
}

function defused(value: CsvCell): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
