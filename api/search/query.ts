/**
 * The search box's small language, parsed once into clauses the SQL builder turns into
 * tsqueries (db/queries/search.ts):
 *
 *   word            a word; Arabic or Latin script, digits in either digit set
 *   "two words"     a phrase (consecutive words)
 *   word*           a prefix
 *   -word, -"a b"   must not occur in the line
 *   a OR b          either (binds tighter than the implicit AND between terms)
 *
 * Anything else is a plain word, so a pasted line of text never fails to parse.
 */

export type SearchTerm = { kind: 'word' | 'prefix' | 'phrase'; text: string };
/** Alternatives joined by OR; clauses are joined by AND. */
export type SearchClause = { any: SearchTerm[]; negate: boolean };
export type ParsedQuery = { clauses: SearchClause[] };

const maxClauses = 12;

/** Word characters: letters and marks of any script, digits, and in-word ' ’ - _ . / (e.g. al-Khatib, 05/03/2016). */
const wordChar = /[\p{L}\p{M}\p{N}'’\-_./]/u;

export function parseSearchQuery(input: string): ParsedQuery {
  const s = input.normalize('NFC');
  const tokens: Array<{ term: SearchTerm; negate: boolean } | 'OR'> = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    let negate = false;
    if (ch === '-' && i + 1 < s.length && !/\s/u.test(s[i + 1]!)) {
      negate = true;
      i++;
    }
    if (s[i] === '"' || s[i] === '«' || s[i] === '“') {
      const close = s[i] === '«' ? '»' : s[i] === '“' ? '”' : '"';
      const end = s.indexOf(close, i + 1);
      const body = s.slice(i + 1, end === -1 ? s.length : end).trim();
      i = end === -1 ? s.length : end + 1;
      if (clean(body)) tokens.push({ term: { kind: 'phrase', text: body }, negate });
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/u.test(s[j]!) && s[j] !== '"') j++;
    let word = s.slice(i, j);
    i = j;
    if (word === 'OR' && !negate) {
      tokens.push('OR');
      continue;
    }
    const prefix = word.endsWith('*');
    word = word.replace(/\*+$/, '');
    // Trim punctuation that is not part of a word (commas, Arabic comma, brackets…).
    word = trimPunctuation(word);
    if (!clean(word)) continue;
    tokens.push({ term: { kind: prefix ? 'prefix' : 'word', text: word }, negate });
  }

  const clauses: SearchClause[] = [];
  let pendingOr = false;
  for (const t of tokens) {
    if (t === 'OR') {
      pendingOr = clauses.length > 0;
      continue;
    }
    const last = clauses[clauses.length - 1];
    if (pendingOr && last && !last.negate && !t.negate) last.any.push(t.term);
    else clauses.push({ any: [t.term], negate: t.negate });
    pendingOr = false;
  }
  return { clauses: clauses.slice(0, maxClauses) };
}

function trimPunctuation(word: string): string {
  let a = 0;
  let b = word.length;
  while (a < b && !/[\p{L}\p{N}]/u.test(word[a]!)) a++;
  while (b > a && !/[\p{L}\p{N}\p{M}]/u.test(word[b - 1]!)) b--;
  return word.slice(a, b);
}

const clean = (text: string) => [...text].some((c) => wordChar.test(c) && /[\p{L}\p{N}]/u.test(c));

/** True when the query has something a line must contain (a purely negative query matches nothing useful). */
export const hasPositiveTerms = (q: ParsedQuery) => q.clauses.some((c) => !c.negate);
