/**
 * The one romanizer (DESIGN.md: "name transliteration (shared with search's romanizer: one
 * romanizer)"). Two directions meet here, and both go through the same letters:
 *
 * - Arabic → Latin, letter by letter: `arabicLetterLatin` is the table (a simplified scheme of
 *   the kind English-language reporting uses: غ gh, خ kh, ش sh, ث th, ذ dh, ع ʿ, ق q, emphatics
 *   without dots). `transliterateLetters('الصباغ')` → `al-sbagh`: the letters that are written,
 *   the article as `al-`, no short vowels (the script does not write them) and no doubling
 *   (shadda is rarely written). Names for display (`romanizeArabicName`: `غسان بن عادل الدباغ`
 *   → `Ghassan bin Adel al-Dabbagh`) use the same table for consonants, with the tables of
 *   given and family names in name-tables.ts and rules for vowels, al- and bin (README,
 *   "Romanization of names").
 *
 * - Latin → matching key: `romanizedWordKey` reduces a romanized word to the consonants a
 *   family's spelling keeps, so `Sabbagh`, `Sabag`, `al-Sabbagh` and `Alsabbagh` share `sbg`,
 *   `Abdulrahman` and `Abd al-Rahman` share `abd rhmn`. It drops what romanization schemes
 *   disagree on: vowels (an initial vowel or ʿ is kept as one `a`), w and y after the first
 *   letter (long vowels and glides: Yousef/Yusuf, Husayn/Hussein), doubling, a final h
 *   (ta marbuta: Fatima/Fatmeh/Fatimah), the article (al-, el-, as-Sabbagh, joined Al…), and
 *   it merges the letters typists confuse: q/k/c/ck → k, j/g/gh/dj → g, th → t, dh → d,
 *   sh/ch/sch → š, kh/x → x, ph → f, p → b.
 *
 * The skeleton of an Arabic word is the skeleton of its letter-level transliteration
 * (`arabicWordKey(w)` = the key of `transliterateLetters(w)`), so a Latin query and the
 * Arabic text are reduced by the same rules and meet: `Sabbagh` finds `الصباغ`. It uses the
 * letter table only, never a names table, so that the keys stored in the search index do not
 * change when the names table grows.
 *
 * Lives in api/text/ beside the normalizer: search (api/search) and translation
 * (api/translation) both use it; db/ never does (it stores the keys it is given).
 *
 * Keys over-match on purpose (Mahmoud and Muhammad share `mhmd`, Hussein and Hassan `hsn`):
 * search ranks exact matches above key matches. Keys are for matching, never for display.
 */

import { latinDigits, normalizeArabic } from './arabic';
import { abdCompounds, familyNames, givenNames, nameParticles } from './name-tables';

/**
 * Arabic letter → Latin, as written (hamza seats, ta marbuta and alef maqsura kept apart, so
 * that display transliteration can use it too). Letters of Persian and Kurdish names are included.
 * `ʿ` (ayn) and `ʾ` (hamza) are dropped by the skeleton.
 */
export const arabicLetterLatin: Readonly<Record<string, string>> = {
  '\u0621': 'ʾ', // ء
  '\u0622': 'a', // آ
  '\u0623': 'a', // أ
  '\u0624': 'ʾ', // ؤ
  '\u0625': 'i', // إ
  '\u0626': 'ʾ', // ئ
  '\u0627': 'a', // ا
  '\u0628': 'b', // ب
  '\u0629': 'a', // ة
  '\u062A': 't', // ت
  '\u062B': 'th', // ث
  '\u062C': 'j', // ج
  '\u062D': 'h', // ح
  '\u062E': 'kh', // خ
  '\u062F': 'd', // د
  '\u0630': 'dh', // ذ
  '\u0631': 'r', // ر
  '\u0632': 'z', // ز
  '\u0633': 's', // س
  '\u0634': 'sh', // ش
  '\u0635': 's', // ص
  '\u0636': 'd', // ض
  '\u0637': 't', // ط
  '\u0638': 'z', // ظ
  '\u0639': 'ʿ', // ع
  '\u063A': 'gh', // غ
  '\u0641': 'f', // ف
  '\u0642': 'q', // ق
  '\u0643': 'k', // ك
  '\u0644': 'l', // ل
  '\u0645': 'm', // م
  '\u0646': 'n', // ن
  '\u0647': 'h', // ه
  '\u0648': 'w', // و
  '\u0649': 'a', // ى
  '\u064A': 'y', // ي
  '\u0671': 'a', // ٱ
  '\u067E': 'p', // پ
  '\u0686': 'ch', // چ
  '\u06A4': 'v', // ڤ
  '\u06AF': 'g', // گ
  '\u06A9': 'k', // ک
  '\u06CC': 'y', // ی
};

/** Harakat, tanwin, shadda, sukun, superscript alef, tatweel, Quranic marks: not letters. */
const arabicMarks = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;

/**
 * One Arabic word, letter by letter, in lower case: `الصباغ` → `al-sbagh`, `عبدالرحمن` →
 * `ʿbd al-rhmn` (the compound عبد ال… is two words), `غسان` → `ghsan`. Presentation forms and
 * digits are folded first (NFKC); marks are dropped; a word-final ه or ة becomes `ah`. Letters
 * the table does not know (Latin, digits) pass through.
 */
export function transliterateLetters(word: string): string {
  const w = latinDigits(word.normalize('NFKC').replace(arabicMarks, ''));
  const compound = /^عبد(?=ال.{2,})/u.exec(w);
  if (compound) return `${letters('عبد')} ${transliterateLetters(w.slice(3))}`;
  if (/^ال.{2,}/u.test(w)) return `al-${letters(w.slice(2))}`;
  return letters(w);
}

function letters(w: string): string {
  let out = '';
  const chars = [...w];
  chars.forEach((ch, i) => {
    // Ta marbuta (or a final ه, which the normalizer has made of it) sounds as a vowel.
    if (i === chars.length - 1 && i > 0 && (ch === '\u0629' || ch === '\u0647')) out += 'ah';
    else out += arabicLetterLatin[ch] ?? ch;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Latin → key

const articles = new Set(['al', 'el', 'ul', 'il']);
/** Articles assimilated to a sun letter (`as-Sabbagh`, `ash-Shami`): an article when the next word starts the same. */
const sunArticles = /^[ae](t|th|d|dh|r|z|s|sh|n)$/;
const vowels = new Set(['a', 'e', 'i', 'o', 'u']);
const apostrophes = /[ʿʾ'’`‘]/g;
/** The letters and digraphs typists confuse, each to one class (longest first: sch before sh before s). */
const letterClass: Record<string, string> = { sch: 'š', sh: 'š', ch: 'š', kh: 'x', gh: 'g', dj: 'g', th: 't', dh: 'd', ph: 'f', ck: 'k', q: 'k', c: 'k', j: 'g', p: 'b', v: 'f' };
const letterClasses = /sch|sh|ch|kh|gh|dj|th|dh|ph|ck|[qcjpv]/g;

function latinLetters(word: string): string {
  return word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Skeleton of one romanized word (see the module header); '' for an article. A compound
 * `Abdul…`/`Abdel…`/`Abdur…` gives two keys separated by a space (`abd rhmn`), as the same
 * name written in two words does. Digits are kept as they are.
 */
export function romanizedWordKey(word: string): string {
  return skeleton(word, true);
}

/**
 * `geminate`: a doubled Latin letter is one consonant (Sabbagh/Sabagh: shadda, which Arabic
 * script leaves unwritten). Letters transliterated from Arabic are never geminates: two equal
 * letters there are two consonants (ممدوح, Mamdouh).
 */
function skeleton(word: string, geminate: boolean): string {
  const memo = geminate ? latinKeys : transliteratedKeys;
  let key = memo.get(word);
  if (key === undefined) {
    if (memo.size >= 100_000) memo.clear();
    key = computeSkeleton(word, geminate);
    memo.set(word, key);
  }
  return key;
}
const latinKeys = new Map<string, string>();
const transliteratedKeys = new Map<string, string>();

function computeSkeleton(word: string, geminate: boolean): string {
  let w = latinLetters(word);
  if (articles.has(w.replace(apostrophes, ''))) return '';
  if (/^\d+$/.test(w)) return w;
  // The name of God in theophoric names (Abd Allah, Allah): the article before its first l.
  if (/^all?ah?$/.test(w)) return 'l';
  // Abd + (article) + name written as one word: Abdulrahman, Abdelkader, Abdurrahman; Abdullah,
  // Abdulah, Abdalla (Abd Allah).
  if (/^abd(?:ou|[aeiou])?ll?[ae]h?$/.test(w)) return 'abd l';
  const abd = /^abd(?:ou|[aeiou])?(?:l|r|s|sh|n|t|th|d|dh|z)?(?=[a-z]{2,})/.exec(w);
  if (abd) {
    const rest = skeleton(w.slice(abd[0].length), geminate);
    return rest ? `abd ${rest}` : 'abd';
  }
  // An article joined to the name, as passports write it: before a consonant and a name of 4+
  // letters (Alsabbagh, Elkhatib), or `Al` before a vowel and a consonant other than w/y
  // (Alasaad, Alomar, Alali; not Alaa or Alawi, which are names, nor Elias).
  const joined = /^(?:al|el)(?=[^aeiouy'’`‘ʿʾ\-])/.exec(w);
  if (joined && w.length - 2 >= 4) w = w.slice(2);
  else if (/^al[aeiou]/.test(w) && /[^aeiouwy]/.test(w.slice(3))) w = w.slice(2);
  const onset = /^[ʿʾ'’`‘]*[aeiou]/.test(w) || /^[ʿʾ'’`‘]/.test(w) ? 'a' : '';
  w = w.replace(apostrophes, '').replace(letterClasses, (m) => letterClass[m]!);
  let out = onset;
  for (let i = 0; i < w.length; i++) {
    const ch = w[i]!;
    if (vowels.has(ch)) continue;
    // w and y after the first letter are long vowels or glides in most schemes.
    if ((ch === 'w' || ch === 'y') && i > 0) continue;
    // A final h is a ta marbuta (Fatimah, Hamzeh) or dropped by half the spellings.
    if (ch === 'h' && i === w.length - 1 && i > 0) continue;
    if (!/[\p{L}\p{N}]/u.test(ch)) continue;
    if (geminate && w[i - 1] === ch) continue;
    out += ch;
  }
  return out;
}

const latinWord = /[\p{Script=Latin}\p{M}ʿʾ'’`‘]+|\d+/gu;

/**
 * Every word of a Latin text with its UTF-16 span and its key (articles have key ''; a compound
 * like Abdulrahman has a key of two words, `abd rhmn`).
 */
export function romanizedWords(text: string): Array<{ start: number; end: number; key: string }> {
  return keyedWords(text, true);
}

function keyedWords(text: string, geminate: boolean): Array<{ start: number; end: number; key: string }> {
  const raw: Array<{ start: number; end: number; body: string }> = [];
  for (const m of text.matchAll(latinWord)) {
    // Trim leading/trailing apostrophes so a quoted word keeps its visible span.
    const lead = m[0].length - m[0].replace(/^['’`‘]+/, '').length;
    const body = m[0].replace(/^['’`‘]+|['’`‘]+$/g, '');
    if (body) raw.push({ start: m.index + lead, end: m.index + lead + body.length, body });
  }
  const keys = raw.map((r) => skeleton(r.body, geminate));
  return raw.map((r, i) => {
    const sun = sunArticles.exec(latinLetters(r.body));
    const next = keys[i + 1];
    // `as Sabbagh`, `ash-Shami`: the article has taken the first letter of the name.
    if (sun && next && skeleton(sun[1]!, true)[0] === next[0]) return { start: r.start, end: r.end, key: '' };
    return { start: r.start, end: r.end, key: keys[i]! };
  });
}

/** The space-separated keys of a Latin text, articles left out: `Abd al-Rahman al-Sabbagh` → `abd rhmn sbg`. */
export function romanizedKey(text: string): string {
  return romanizedWords(text)
    .map((w) => w.key)
    .filter(Boolean)
    .join(' ');
}

/**
 * The key of one Arabic word through its letter-level transliteration, the article (and a
 * conjunction or preposition before it: وال، بال، لل…) left out: `الصباغ` → `sbg`, `عبدالرحمن`
 * → `abd rhmn`; '' for the article alone. Other proclitics count as letters (`وصباغ` → `wsbg`).
 */
export function arabicWordKey(word: string): string {
  let key = wordKeys.get(word);
  if (key === undefined) {
    // Names repeat: a bounded memo spares the write path most of the work.
    if (wordKeys.size >= 100_000) wordKeys.clear();
    key = computeArabicWordKey(word);
    wordKeys.set(word, key);
  }
  return key;
}
const wordKeys = new Map<string, string>();

function computeArabicWordKey(word: string): string {
  const w = normalizeArabic(word).replace(/[^\u0621-\u064A]/g, '');
  if (!w || w === 'ال') return '';
  return keyedWords(transliterateLetters(stripArticle(w).stem), false)
    .map((k) => k.key)
    .filter(Boolean)
    .join(' ');
}

/** The keys of an Arabic text, word by word (`عبد الرحمن الصباغ` → `abd rhmn sbg`). */
export function arabicSkeleton(arabic: string): string {
  return arabic.split(/\s+/).map(arabicWordKey).filter(Boolean).join(' ');
}

/**
 * A case-insensitive POSIX regular expression that every Latin spelling with this key matches
 * (the key's letters in order, anything between them): a cheap SQL pre-filter before the exact
 * key comparison in JavaScript.
 */
export function romanizedKeyPattern(key: string): string {
  const letter = (ch: string, first: boolean) => {
    if (first && ch === 'a') return `[aeiouʿʾ'’]`;
    const classes: Record<string, string> = { k: '(k|q|c)', g: '(g|j)', f: '(f|p|v)', b: '(b|p)', š: '(s|c)', x: '(k|x)' };
    return classes[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '');
  };
  return key
    .split(' ')
    .filter(Boolean)
    .map((w) => `\\m${[...w].map((ch, i) => letter(ch, i === 0)).join('.*?')}`)
    .join('.*');
}

// ---------------------------------------------------------------------------------------------
// Arabic → Latin for display: person names in the project's convention (README, "Romanization of names").

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
    else if (arabicLetterLatin[ch]) units.push({ kind: 'C', latin: arabicLetterLatin[ch] });
  });
  return units;
}

/** The article, alone or after a conjunction or preposition (وال، بال، لل…), before a word of 2+ letters. */
const arabicArticle = /^(?:[وف]?(?:[بك]?ال|لل))(?=\S{2,})/;
const stripArticle = (w: string) => {
  const m = arabicArticle.exec(w);
  return m ? { stem: w.slice(m[0].length), article: true } : { stem: w, article: false };
};

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
