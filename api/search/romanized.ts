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

import { normalizeArabic } from '../text/arabic';
import { abdCompounds, familyNames, givenNames, nameParticles } from './name-tables';

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

// ——— Arabic → Latin: the skeleton of an Arabic word, and names in the project's convention ———
//
// One romanizer for search and translation. `arabicWordKey` gives an Arabic word the same
// consonant skeleton `romanizedWordKey` gives its usual English spellings (الحلبي and
// al-Halabi both → `hlb`), so romanized queries reach untranslated Arabic and the translation
// memory can find a name's English in a translation. `romanizeArabicName` writes a person name
// the way the project's translations do (README, "Romanization of names").


/** Consonants as usually written in English (ق and ك alike, since the key folds q into k). */
const latinOf: Record<string, string> = {
  ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd', ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd',
  ط: 't', ظ: 'z', غ: 'gh', ف: 'f', ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', پ: 'p', چ: 'ch', ڤ: 'v', گ: 'g',
};
/** Letters that carry no consonant in usual English spellings (ع and the hamza seats). */
const silent = new Set(['ع', 'ء', 'ئ', 'ؤ', 'أ', 'إ', 'آ']);

type Unit = { kind: 'C' | 'V'; latin: string; initial?: boolean };

/** The word (normalized, without the article) as consonants and long vowels. */
function unitsOf(word: string): Unit[] {
  const letters = [...word];
  const units: Unit[] = [];
  letters.forEach((ch, i) => {
    const next = letters[i + 1];
    const prev = units[units.length - 1];
    if (i === 0 && (ch === 'ا' || ch === 'أ' || ch === 'إ' || ch === 'آ')) units.push({ kind: 'V', latin: ch === 'إ' ? 'i' : 'a', initial: true });
    else if (ch === 'ا' || ch === 'ى' || ch === 'آ') units.push({ kind: 'V', latin: 'a' });
    else if (ch === 'و' || ch === 'ي') {
      // Consonantal at the start, after a long vowel, or before alef (مروان, رياض); a long vowel otherwise.
      const consonant = i === 0 || prev?.kind === 'V' || next === 'ا';
      units.push(consonant ? { kind: 'C', latin: ch === 'و' ? 'w' : 'y' } : { kind: 'V', latin: ch === 'و' ? 'ou' : 'i' });
    } else if (ch === 'ة') units.push({ kind: 'V', latin: 'a' });
    else if (silent.has(ch)) units.push({ kind: 'C', latin: '' });
    else if (latinOf[ch]) units.push({ kind: 'C', latin: latinOf[ch] });
  });
  return units;
}

const arabicArticle = /^(?:ال|وال|بال|فال|كال)(?=\S{2,})/;
const stripArticle = (w: string) => {
  const m = arabicArticle.exec(w);
  return m ? { stem: w.slice(m[0].length), article: true } : { stem: w, article: false };
};

/** The `romanizedWordKey` skeleton of an Arabic word (normalized or not); '' for the article alone. */
export function arabicWordKey(word: string): string {
  const w = normalizeArabic(word).replace(/[^\u0621-\u064A]/g, '');
  if (!w || w === 'ال') return '';
  const { stem } = stripArticle(w);
  // Long vowels and silent letters become vowels, which the key drops (or keeps as an initial
  // `a`); a final ه is mostly a folded ة (حمادة Hamadeh).
  const pseudo = unitsOf(stem.length > 2 ? stem.replace(/ه$/, 'ا') : stem)
    .map((u) => (u.kind === 'V' ? 'a' : u.latin || 'a'))
    .join('');
  return romanizedWordKey(pseudo);
}

export type NameRole = 'given' | 'family';

const fold = (table: Record<string, string>) => new Map(Object.entries(table).map(([ar, en]) => [normalizeArabic(ar), en]));
const givenTable = fold(givenNames);
const familyTable = fold(familyNames);
const abdTable = fold(abdCompounds);
const particleTable = fold(nameParticles);

/** Whether a word (any spelling) is a given name the romanizer knows: a strong sign a person's name starts there. */
export function isKnownGivenName(word: string): boolean {
  const w = normalizeArabic(word);
  return givenTable.has(w) || w === 'عبد' || w === 'ابو';
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * One Arabic word of a name by rule, for words in no table: consonants as in `latinOf`, ا → a,
 * و → ou, ي → i (consonantal at the start, after a long vowel or before alef), a short `a`
 * between two consonants at the start (CaCaC, CaCCaC), `e` after a long vowel (سامر Samer,
 * عادل Adel), a final ي is the nisba `i`, a final ة is `a` in a given name and `eh` in a family
 * name (Levantine: Salameh), and a family name of the shape CCāC with the article doubles its
 * middle consonant, as occupational names do (الدباغ al-Dabbagh).
 */
export function romanizeArabicWord(word: string, role: NameRole = 'given'): string {
  // Hamza seats are kept (إبراهيم starts with i, أحمد with a); only marks and tatweel go.
  const w = word.normalize('NFC').replace(/[^\u0621-\u063A\u0641-\u064A]/g, '');
  const { stem, article } = stripArticle(w);
  let body = stem;
  let ending = '';
  if (body.length > 2 && body.endsWith('ي')) {
    body = body.slice(0, -1);
    ending = 'i';
  } else if (body.length > 2 && (body.endsWith('ه') || body.endsWith('ة'))) {
    body = body.slice(0, -1);
    ending = role === 'family' ? 'eh' : 'a';
  }
  const units = unitsOf(body);
  let out = '';
  let i = 0;
  let afterLong = false;
  while (i < units.length) {
    const u = units[i]!;
    if (u.kind === 'V') {
      out += u.latin;
      // An initial vowel letter (أحمد, إبراهيم) is a short vowel: what follows is a word start.
      afterLong = !u.initial;
      i++;
      continue;
    }
    // A run of consonants up to the next long vowel or the end.
    let j = i;
    while (j < units.length && units[j]!.kind === 'C') j++;
    const run = units.slice(i, j).map((c) => c.latin);
    const atEnd = j === units.length;
    const atStart = i === 0 || (i === 1 && units[0]!.initial === true);
    const doubled =
      article && role === 'family' && atStart && run.length === 2 && run[1] !== '' && units[j + 1]?.latin !== '' && !atEnd && units[j]!.latin === 'a' && j + 2 === units.length;
    if (atStart && i === 1) {
      // After an initial vowel (أحمد, إبراهيم, أنس): Ahmad, Ibrahim, Anas.
      if (run.length === 1) out += run[0];
      else if (run.length === 2) out += atEnd ? `${run[0]}a${run[1]}` : run.join('');
      else out += `${run.slice(0, -1).join('')}a${run[run.length - 1]}`;
    } else if (atStart) {
      if (run.length === 1) out += run[0];
      else if (run.length === 2) out += doubled ? `${run[0]}a${run[1]}${run[1]}` : atEnd ? `${run[0]}a${run[1]}` : `${run[0]}a${run[1]}`;
      else if (run.length === 3) out += atEnd ? (ending === 'i' ? `${run[0]}a${run[1]}${run[2]}` : `${run[0]}a${run[1]}a${run[2]}`) : `${run[0]}a${run[1]}${run[2]}`;
      else out += `${run[0]}a${run[1]}${run.slice(2, -1).join('')}a${run[run.length - 1]}`;
    } else if (afterLong) {
      if (run.length === 1) out += run[0];
      else if (atEnd && run.length === 2) out += `${run[0]}e${run[1]}`;
      else if (atEnd) out += `${run[0]}e${run.slice(1).join('')}`;
      else out += run.join('');
    } else out += run.join('');
    afterLong = false;
    i = j;
  }
  out = (out + ending).replace(/^'+/, '');
  const latin = capitalize(out.replace(/(.)\1\1+/g, '$1$1'));
  return article ? `al-${latin}` : latin;
}

/**
 * An Arabic person name in the project's convention: given names and family names from the
 * tables (Mohammad, Yousef, al-Halabi), `bin`/`bint` for بن/بنت, compounds with عبد joined
 * (عبد الله → Abdullah, عبد الرحمن → Abdulrahman), the article as a lower-case `al-` joined by
 * a hyphen, and other words by `romanizeArabicWord`. `lexicon` is consulted first: the spellings
 * the project's own translations use for a word (learned by the translation memory), so a
 * project that writes Mohammed keeps writing Mohammed.
 */
export function romanizeArabicName(name: string, lexicon?: (normalizedWord: string, role: NameRole) => string | undefined): string {
  const words = normalizeArabic(name)
    .split(/[^\u0621-\u064A]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const particle = particleTable.get(w);
    const afterLink = i > 0 && ['bin', 'bint'].includes(out[out.length - 1]!);
    const role: NameRole = i === words.length - 1 && i > 0 && !afterLink ? 'family' : 'given';
    if (w === 'عبد' && i + 1 < words.length) {
      const next = words[i + 1]!;
      const compound = lexicon?.(`${w} ${next}`, role) ?? abdTable.get(next) ?? `Abdul${romanizeArabicWord(stripArticle(next).stem, 'given').toLowerCase()}`;
      out.push(compound);
      i++;
      continue;
    }
    if (particle && i < words.length - 1) {
      out.push(particle);
      continue;
    }
    const learned = lexicon?.(w, role);
    if (learned) out.push(learned);
    else if (role === 'family') out.push(familyTable.get(w) ?? givenWithArticle(w) ?? romanizeArabicWord(w, 'family'));
    else out.push(givenTable.get(w) ?? familyTable.get(w) ?? romanizeArabicWord(w, 'given'));
  }
  return out.join(' ');
}

/** الأحمد → al-Ahmad: a family name made of the article and a known given name. */
function givenWithArticle(w: string): string | undefined {
  const { stem, article } = stripArticle(w);
  const given = article ? givenTable.get(stem) : givenTable.get(w);
  return given && (article ? `al-${given}` : given);
}
