/**
 * Attached proclitics (DESIGN.md: "Matching also sees through attached proclitics (و ف ب ك ل
 * and ال) without storing them apart"). Arabic writes the conjunctions و ف, the prepositions
 * ب ك ل and the article ال as part of the next word: والمطلوبين is و + ال + مطلوبين, بأسماء is
 * ب + أسماء, للتحقيق is ل + ال + تحقيق (ل before ال drops the alef).
 *
 * A light stemmer for prefixes in the manner of Larkey, Ballesteros & Connell's light10 and
 * Lucene's ArabicStemmer, which both strip و and the article sequences (ال وال بال كال فال لل)
 * and leave suffixes to other means; here the prepositions ب ك ل alone are proclitics too,
 * with the grammar's order (conjunction, preposition, article) and length limits in place of
 * word lists:
 *
 * - A word's stems (`procliticStems`): the word itself, or for a word with the article the
 *   definite word without what precedes the article (والمطلوبين → المطلوبين) and, for a stem of
 *   5+ letters, the word without the article too (→ مطلوبين: shorter ones are mostly names, and
 *   العلي is not علي); or what remains after a bare conjunction or preposition when 4 or 5
 *   letters remain (بأسماء → أسماء, not كمال → مال, فراس → راس, وسام → سام: many words and
 *   names begin with such a letter).
 * - A stem's written forms (`procliticForms`): a definite stem with و ف ب ك (and their pairs)
 *   before its article and ل as لل; a bare stem with the bare sequences (3 or 4+ letters left).
 *
 * The limits per letter (`minStemAfter`, `minStemStrippedFrom`) were set on the search test set
 * (tests/fixtures/search/spellings.json), whose precision they are reported with.
 *
 * Two words match when they share a stem: search expands a query word into every written form
 * of its stems (`procliticFamily`) and looks those up in an index of words as written, which is
 * the same relation as stemming both sides with every analysis kept, without storing stems.
 * So المطلوبين finds والمطلوبين and the other way round, أسماء finds بأسماء and back, and a
 * name such as كمال or فراس is never cut down to a common word. Input is the normalizer's output
 * (api/text/arabic.ts): hamza folded, ة as ه, no marks.
 */

const conjunctions = ['و', 'ف'];
const prepositions = ['ب', 'ك', 'ل'];
const article = 'ال';

/** Proclitic sequences without the article: و ف ب ك ل وب ول وك فب فل فك. */
const bareSequences = [...conjunctions, ...prepositions, ...conjunctions.flatMap((c) => prepositions.map((p) => c + p))];
/** Sequences ending in the article, as written: ال وال فال بال كال وبال وكال فبال فكال لل ولل فلل. */
const articleSequences = ['', ...conjunctions].flatMap((c) => ['', 'ب', 'ك'].map((p) => `${c}${p}${article}`)).concat(['لل', 'ولل', 'فلل']);

/**
 * Least letters a stem keeps. After the article: 2 (الحي). After a bare proclitic, for written
 * forms (a search for أمر finds بأمر): 3 after و ب ل, the frequent ones in these documents, 4
 * after ف ك, which begin many words and names (كمال is not ك + مال, فراس not ف + رأس). A typed
 * word is cut only when more is left (4 after و, 5 after the others): بأسماء → أسماء, but not
 * برقية → رقية, وسام → سام.
 */
const minStemAfterArticle = 2;
/**
 * The article itself is seen through (المطلوبين ↔ مطلوبين) only for stems of 5+ letters: shorter
 * ones are mostly names, and a family name is often the article and a given name (العلي, الحسن,
 * المحمد are not علي, حسن, محمد).
 */
const minStemWithoutArticle = 5;
const minStemAfter: Record<string, number> = { و: 3, ب: 3, ل: 3, ف: 4, ك: 4 };
const minStemStrippedFrom: Record<string, number> = { و: 4, ب: 5, ل: 5, ف: 5, ك: 5 };
/** The limit of a sequence is its strictest letter's. */
const limit = (table: Record<string, number>, seq: string) => Math.max(...[...seq].map((ch) => table[ch]!));
const minStemAfterBare = 3;

const isWord = (w: string) => /^\p{L}+$/u.test(w) && !/[a-z]/i.test(w);

/**
 * The stems a word may stand for (see the module header for the limits): `والمطلوبين` →
 * [المطلوبين, مطلوبين], `بأسماء` → [بأسماء, أسماء], `والحسن` → [الحسن].
 */
export function procliticStems(word: string, opts: { prefix?: boolean } = {}): string[] {
  if (!isWord(word)) return [word];
  // A typed prefix (الموقو*) stands for longer words: its article is seen through from 3 letters.
  const withoutArticle = opts.prefix ? minStemAfterBare : minStemWithoutArticle;
  const stems = new Set<string>();
  for (const seq of articleSequences) {
    if (!word.startsWith(seq)) continue;
    const rest = word.slice(seq.length);
    if (rest.length < minStemAfterArticle) continue;
    stems.add(article + rest);
    if (rest.length >= withoutArticle) stems.add(rest);
  }
  // A word with the article has no other reading (للتحقيق is ل + ال + تحقيق, not ل + لتحقيق).
  if (stems.size === 0) {
    stems.add(word);
    for (const seq of bareSequences) {
      const rest = word.slice(seq.length);
      if (word.startsWith(seq) && rest.length >= limit(minStemStrippedFrom, seq) && !rest.startsWith(article)) stems.add(rest);
    }
  }
  return [...stems];
}

/** Proclitics before the article, as written (ل + ال is written لل). */
const beforeArticle = ['و', 'ف', 'ب', 'ك', 'وب', 'وك', 'فب', 'فك'];

/**
 * Every written form of a stem with proclitics attached. A definite stem (الحسن) takes them
 * before its article (والحسن، بالحسن، للحسن); a bare stem (أسماء) takes the bare ones, and the
 * article too when it is long enough. A 2-letter stem is only written with the article.
 */
export function procliticForms(stem: string, opts: { prefix?: boolean } = {}): string[] {
  if (!isWord(stem)) return [stem];
  const forms = new Set<string>();
  const definite = stem.startsWith(article) && stem.length - article.length >= minStemAfterArticle;
  if (definite) {
    const rest = stem.slice(article.length);
    forms.add(stem);
    for (const p of beforeArticle) forms.add(p + stem);
    for (const p of ['', 'و', 'ف']) forms.add(`${p}لل${rest}`);
    return [...forms];
  }
  if (stem.length >= minStemAfterBare) forms.add(stem);
  for (const seq of bareSequences) if (stem.length >= limit(minStemAfter, seq)) forms.add(seq + stem);
  if (stem.length >= (opts.prefix ? minStemAfterBare : minStemWithoutArticle)) for (const f of procliticForms(article + stem)) forms.add(f);
  return [...forms];
}

/**
 * Every written word that shares a stem with `word` (and `word` itself): what a search for it
 * matches. `prefix`: `word` is the beginning of the words sought.
 */
export function procliticFamily(word: string, opts: { prefix?: boolean } = {}): string[] {
  const out = new Set<string>([word]);
  for (const stem of procliticStems(word, opts)) for (const f of procliticForms(stem, opts)) out.add(f);
  return [...out];
}
