/**
 * Matching key for romanized Arabic names, so `Mohamed Khatib`, `Muhammad al-Khatib` and
 * `Mohammad el-Khateeb` meet. Arabic text itself is folded by the one normalizer
 * (api/text/arabic.ts); this is its Latin-script counterpart, used only for matching English
 * translations and entity English forms, never for display.
 *
 * Each word becomes a consonant skeleton: lower case without accents or apostrophes (ʿ ʾ '),
 * the article (al-, el-, ul-) dropped, an initial vowel kept as `a`, inner vowels (and y/w
 * after a vowel, and a final y) dropped, q/c/ck → k, doubled letters collapsed, final h after a vowel dropped.
 * Romanization schemes differ mostly in vowels and doubling, which is what this removes.
 * It over-matches a little (Mahmoud and Muhammad share `mhmd`); results are ranked so exact
 * English matches come first.
 */

const articles = new Set(['al', 'el', 'ul', 'il']);
const vowels = new Set(['a', 'e', 'i', 'o', 'u']);

/** Skeleton of one word (lower case Latin letters and digits); '' for an article. */
export function romanizedWordKey(word: string): string {
  let w = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ʿʾ'’`‘]/g, '');
  if (articles.has(w)) return '';
  if (/^\d+$/.test(w)) return w;
  w = w.replace(/ck/g, 'k').replace(/[qc]/g, 'k').replace(/ph/g, 'f').replace(/ee/g, 'i').replace(/oo/g, 'u');
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    const prev = w[i - 1];
    if (i === 0) {
      out += vowels.has(ch) ? 'a' : ch;
      continue;
    }
    if (vowels.has(ch)) continue;
    // y/w between or after vowels are vowel glides in most schemes (Husayn/Hussein, Yousef/Yusuf).
    if ((ch === 'y' || ch === 'w') && prev !== undefined && vowels.has(prev)) continue;
    // A final y is a long i (Halaby/Halabi).
    if (ch === 'y' && i === w.length - 1) continue;
    if (ch === 'h' && i === w.length - 1 && prev !== undefined && vowels.has(prev)) continue;
    if (out[out.length - 1] === ch) continue;
    out += ch;
  }
  return out;
}

const latinWord = /[\p{Script=Latin}\p{M}ʿʾ'’`‘]+|\d+/gu;

/** Every word of a Latin text with its UTF-16 span and its key (articles have key ''). */
export function romanizedWords(text: string): Array<{ start: number; end: number; key: string }> {
  const out: Array<{ start: number; end: number; key: string }> = [];
  for (const m of text.matchAll(latinWord)) {
    // Trim leading/trailing apostrophes so a quoted word keeps its visible span.
    const raw = m[0];
    const lead = raw.length - raw.replace(/^[ʿʾ'’`‘]+/, '').length;
    const body = raw.replace(/^[ʿʾ'’`‘]+|[ʿʾ'’`‘]+$/g, '');
    if (!body) continue;
    out.push({ start: m.index + lead, end: m.index + lead + body.length, key: romanizedWordKey(body) });
  }
  return out;
}

/** The space-separated keys of a text, articles left out: what the `search_rom` index holds. */
export function romanizedKey(text: string): string {
  return romanizedWords(text)
    .map((w) => w.key)
    .filter(Boolean)
    .join(' ');
}

/**
 * A case-insensitive POSIX regular expression that every Latin spelling with this key matches
 * (the key's letters in order, anything between them): a cheap SQL pre-filter before the exact
 * key comparison in JavaScript.
 */
export function romanizedKeyPattern(key: string): string {
  const letter = (ch: string, first: boolean) => {
    if (first && ch === 'a') return '[aeiou]';
    if (ch === 'k') return '(k|q|c)';
    if (ch === 'f') return '(f|ph)';
    return /[a-z0-9]/.test(ch) ? ch : '';
  };
  return key
    .split(' ')
    .filter(Boolean)
    .map((w) => `\\m${[...w].map((ch, i) => letter(ch, i === 0)).join('.*?')}`)
    .join('.*');
}
