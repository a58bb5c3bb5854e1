import { formatNumber } from '../i18n.ts';

/** A size for people: "820 KB", "12.4 MB" (the digits in the UI's language). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`;
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 1024))} KB`;
  return `${formatNumber(Math.round((n / (1024 * 1024)) * 10) / 10)} MB`;
}
