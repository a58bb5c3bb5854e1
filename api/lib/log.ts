/**
 * Structured one-line logs. Callers pass ids, counts and timings — never document text,
 * names or file contents: these logs leave the archive's protection.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;
const quiet = process.env.SIJILL_LOG === 'silent';

function write(level: string, msg: string, fields?: Fields) {
  if (quiet && level !== 'error') return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  info: (msg: string, fields?: Fields) => write('info', msg, fields),
  warn: (msg: string, fields?: Fields) => write('warn', msg, fields),
  error: (msg: string, fields?: Fields) => write('error', msg, fields),
};
