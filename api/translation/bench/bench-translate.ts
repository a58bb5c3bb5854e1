/**
 * `npm run bench:translate` — how much of a translation the memory writes, and how fast.
 *
 * Memory: the translations of every other document of the sample corpus (tests/fixtures/corpus,
 * even positions in name order); suggestions for the other half (held out: never added).
 *
 * Sets measured:
 * - `held-out documents`: the held-out half as it is.
 * - `new names, numbers, dates`: the held-out half with every person name replaced by a fictional
 *   one made from a held-out list (below: family names in no table of the romanizer, given names
 *   partly in its table, partly not; reference English written by hand), every number outside a
 *   unit's name and every date replaced by random values never in the memory, in the same digit
 *   set and date spelling. This is the set the targets are about.
 * - the same set against a memory of 100,000 entries: the memory half plus its formulas with
 *   random values, plus distractor lines (random word sequences) that make distinct templates.
 *
 * Figures: share of lines with a suggestion; share exactly right; post-edit CER = Levenshtein
 * distance from suggestion to reference ÷ reference length, summed over lines (over the lines
 * with a suggestion, and over all lines counting a missing suggestion as empty), overall and by
 * origin; person-name CER (the English the suggestion gives each annotated person against the
 * reference, a name with no rendering counting as wholly wrong); time per line (wall clock, one
 * thread); memory build time and heap; lines whose suggestion holds a date or number its Arabic
 * does not have (a value of the memory's own: it must be none).
 * - `dates it cannot read`: the held-out lines with new values that have a date, the date written
 *   so the parser cannot read it (two-digit year, no day, an impossible day, a month name without
 *   a year, a year alone). Their reference is unknown: only the share with a suggestion and the
 *   lines holding a value the Arabic does not have are measured.
 *
 * `-- --verbose` prints every line that is not exactly right, holds a value of the memory's own, or
 * has a date it cannot read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { seedEnglishForms, seedRegisterEntries } from '../../entities/seed-register';
import { indicDigits, normalizeArabicWithMap } from '../../text/arabic';
import { findDates } from '../../text/dates';
import { findEnglishDates } from '../../text/english';
import { SuggestionEngine } from '../../text/suggest';
import { TranslationMemory, type TranslationSuggestion } from '../memory';

type Entity = { line: number; start: number; end: number; text: string; type: string; normalized: string };
type Doc = { name: string; lines: string[]; translation: string[]; entities: Entity[] };
type Line = { arabic: string; english: string; previous?: string; persons: Array<{ start: number; end: number; english: string }> };

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean' }, size: { type: 'string' } } });
const bigSize = Number(args.size ?? 100_000);

const corpus = fileURLToPath(new URL('../../../tests/fixtures/corpus', import.meta.url));
const docs: Doc[] = ['clean', 'degraded'].flatMap((dir) =>
  readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, ...(JSON.parse(readFileSync(join(corpus, dir, f), 'utf8')) as Omit<Doc, 'name'>) })),
);
const memoryDocs = docs.filter((_, i) => i % 2 === 0);
const heldOutDocs = docs.filter((_, i) => i % 2 === 1);

// ——— a seeded random source, so every run measures the same lines ———
let seed = 0x5eed15;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;

/** Held-out names with the reference English a translator would write. None occurs in the corpus. */
const heldOutFamily: Array<[string, string]> = [
  ['الدباغ', 'al-Dabbagh'], ['الكسار', 'al-Kassar'], ['الطحان', 'al-Tahhan'], ['الشعار', 'al-Shaar'], ['المحاميد', 'al-Mahamid'],
  ['الزيات', 'al-Zayyat'], ['شربجي', 'Sharabji'], ['طيارة', 'Tayyara'], ['العقاد', 'al-Akkad'], ['القطان', 'al-Qattan'],
  ['الحمامي', 'al-Hammami'], ['السواس', 'al-Sawwas'], ['الخراط', 'al-Kharrat'], ['المارديني', 'al-Mardini'], ['الحفار', 'al-Haffar'],
  ['قدور', 'Qaddour'], ['الفاخوري', 'al-Fakhouri'], ['الساعاتي', 'al-Saati'], ['النوري', 'al-Nouri'], ['الحمش', 'al-Hamsh'],
  ['الموصلي', 'al-Mousli'], ['الطباع', 'al-Tabbaa'], ['العبسي', 'al-Absi'], ['الشيشكلي', 'al-Shishakli'], ['الدالاتي', 'al-Dalati'],
  ['الكحال', 'al-Kahhal'], ['الصواف', 'al-Sawwaf'],
];
const heldOutGiven: Array<[string, string]> = [
  // Not in the romanizer's table:
  ['مؤيد', 'Muayad'], ['منيف', 'Munif'], ['سامح', 'Sameh'], ['ضرار', 'Dirar'], ['بهجت', 'Bahjat'], ['نصوح', 'Nasouh'],
  ['موفق', 'Mowaffaq'], ['قتيبة', 'Qutaiba'], ['أوس', 'Aws'], ['صهيب', 'Suhaib'], ['كرم', 'Karam'], ['شفيق', 'Shafiq'],
  ['عارف', 'Aref'], ['واصل', 'Wasel'], ['راغب', 'Ragheb'],
  // In it:
  ['غسان', 'Ghassan'], ['عادل', 'Adel'], ['هيثم', 'Haitham'], ['عمار', 'Ammar'], ['نضال', 'Nidal'], ['وليد', 'Walid'],
  ['ماهر', 'Maher'], ['رضوان', 'Radwan'], ['زياد', 'Ziad'], ['منذر', 'Munzer'], ['عبد الرحمن', 'Abdulrahman'], ['عبد الكريم', 'Abdulkarim'],
];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const levantine = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
const indic = indicDigits;

function linesOf(doc: Doc): Line[] {
  return doc.lines.map((arabic, i) => ({
    arabic,
    english: doc.translation[i]!,
    previous: doc.lines[i - 1],
    persons: doc.entities.filter((e) => e.line === i && e.type === 'person').map((e) => ({ start: e.start, end: e.end, english: e.normalized })),
  }));
}

type NamePool = { given: Array<[string, string]>; family: Array<[string, string]> };
const heldOutPool: NamePool = { given: heldOutGiven, family: heldOutFamily };

/** The document with new names (from `pool`), numbers and dates, its reference English changed to match. */
function withNewValues(doc: Doc, pool: NamePool = heldOutPool): Line[] {
  const out: Line[] = [];
  doc.lines.forEach((original, i) => {
    let arabic = original;
    let english = doc.translation[i]!;
    const persons: Line['persons'] = [];
    const entities = doc.entities.filter((e) => e.line === i).sort((a, b) => b.start - a.start);
    const edits: Array<{ start: number; end: number; arabic: string; kind: string; english: string }> = [];
    for (const e of entities) {
      if (e.type === 'person') {
        const [givenAr, givenEn] = pick(pool.given);
        const [familyAr, familyEn] = pick(pool.family);
        const father = random() < 0.5 ? pick(pool.given) : null;
        const ar = father ? `${givenAr} بن ${father[0]} ${familyAr}` : `${givenAr} ${familyAr}`;
        const en = father ? `${givenEn} bin ${father[1]} ${familyEn}` : `${givenEn} ${familyEn}`;
        if (!english.includes(e.normalized)) return;
        english = english.replace(e.normalized, en);
        edits.push({ start: e.start, end: e.end, arabic: ar, kind: 'person', english: en });
      } else if (e.type === 'date') {
        const y = 2011 + Math.floor(random() * 14);
        const m = 1 + Math.floor(random() * 12);
        const d = 1 + Math.floor(random() * 28);
        const span = findEnglishDates(english).find((x) => x.iso === e.normalized);
        if (!span) return;
        const latin = /\d/.test(e.text);
        const ar = e.text.includes('/') ? (latin ? `${e.text.split('/')[0]!.length === 2 ? String(d).padStart(2, '0') : d}/${e.text.split('/')[1]!.length === 2 ? String(m).padStart(2, '0') : m}/${y}` : indic(`${d}/${m}/${y}`)) : `${d} ${levantine[m - 1]} ${y}`;
        english = english.slice(0, span.start) + `${d} ${months[m - 1]} ${y}` + english.slice(span.end);
        edits.push({ start: e.start, end: e.end, arabic: ar, kind: 'date', english: '' });
      }
    }
    // Numbers outside entities: new digits, same digit set and length.
    const { normalized, toOriginal } = normalizeArabicWithMap(original);
    for (const m of [...normalized.matchAll(/\d+/g)].reverse()) {
      const s = toOriginal[m.index]!;
      const e = toOriginal[m.index + m[0].length]!;
      if (doc.entities.some((x) => x.line === i && s < x.end && x.start < e)) continue;
      const at = english.indexOf(m[0]);
      if (at < 0) continue;
      const fresh = m[0].length === 1 ? m[0] : String(10 ** (m[0].length - 1) + Math.floor(random() * 9 * 10 ** (m[0].length - 1)));
      english = english.slice(0, at) + fresh + english.slice(at + m[0].length);
      edits.push({ start: s, end: e, arabic: /\d/.test(original.slice(s, e)) ? fresh : indic(fresh), kind: 'number', english: '' });
    }
    edits.sort((a, b) => b.start - a.start);
    for (const ed of edits) arabic = arabic.slice(0, ed.start) + ed.arabic + arabic.slice(ed.end);
    // Person spans in the new Arabic: shift by the length changes of the edits before them.
    for (const ed of edits.filter((x) => x.kind === 'person')) {
      const shift = edits.filter((x) => x.start < ed.start).reduce((sum, x) => sum + x.arabic.length - (x.end - x.start), 0);
      persons.push({ start: ed.start + shift, end: ed.start + shift + ed.arabic.length, english: ed.english });
    }
    out.push({ arabic, english, previous: out[i - 1]?.arabic, persons });
  });
  return out;
}

const forms = seedEnglishForms();
const engine = new SuggestionEngine(seedRegisterEntries());
const aliasesOf = (id: number | string) => forms.get(String(id))?.slice(1) ?? [];

function buildMemory(entries: Array<{ source: string; target: string; previous?: string }>) {
  const memory = new TranslationMemory({ engine, aliasesOf });
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  entries.forEach((e, i) => memory.add({ ...e, origin: { kind: 'segment', id: i, collectionId: null } }));
  return { memory, buildMs: performance.now() - t0, heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

/** Dates and numbers in a suggestion that its Arabic does not have: values of the memory's own. */
function foreignValues(arabic: string, english: string): string[] {
  const arabicDates = new Set(findDates(arabic).map((d) => d.iso));
  const arabicNumbers = new Set([...normalizeArabicWithMap(arabic).normalized.matchAll(/\d+/g)].map((m) => String(Number(m[0]))));
  const englishDates = findEnglishDates(english);
  const out = englishDates.filter((d) => !arabicDates.has(d.iso)).map((d) => english.slice(d.start, d.end));
  for (const m of english.matchAll(/\d+/g)) {
    if (!englishDates.some((d) => m.index >= d.start && m.index < d.end) && !arabicNumbers.has(String(Number(m[0])))) out.push(m[0]);
  }
  return out;
}

type Tally = { lines: number; chars: number; edits: number };
const tally = (): Tally => ({ lines: 0, chars: 0, edits: 0 });
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function evaluate(label: string, memory: TranslationMemory, lines: Line[], unknownReference = false) {
  let suggested = 0;
  let exact = 0;
  let leaked = 0;
  const all = tally();
  const withSuggestion = tally();
  const byOrigin = new Map<string, Tally>();
  const names = tally();
  let ms = 0;
  for (const line of lines) {
    const t0 = performance.now();
    const s: TranslationSuggestion | null = memory.suggest(line.arabic, { previous: line.previous });
    ms += performance.now() - t0;
    const hyp = s?.translation ?? '';
    const d = distance(hyp, line.english);
    all.lines++;
    all.chars += line.english.length;
    all.edits += d;
    if (s) {
      suggested++;
      withSuggestion.lines++;
      withSuggestion.chars += line.english.length;
      withSuggestion.edits += d;
      const o = byOrigin.get(s.origin) ?? tally();
      o.lines++;
      o.chars += line.english.length;
      o.edits += d;
      byOrigin.set(s.origin, o);
    }
    if (hyp === line.english) exact++;
    const foreign = foreignValues(line.arabic, hyp);
    if (foreign.length) {
      leaked++;
      if (args.verbose) process.stdout.write(`  memory values ${foreign.join(', ')}\n    ar  ${line.arabic}\n    got ${hyp}\n`);
    }
    for (const p of line.persons) {
      const rendered = s?.placeables.find((r) => r.kind === 'person' && r.start < p.end && p.start < r.end)?.english ?? (hyp.includes(p.english) ? p.english : '');
      names.lines++;
      names.chars += p.english.length;
      names.edits += rendered ? distance(rendered, p.english) : p.english.length;
    }
    if (args.verbose && unknownReference && !foreign.length) process.stdout.write(`  ${s?.score ?? 0} ${s?.origin ?? '-'}\n    ar  ${line.arabic}\n    got ${hyp}\n`);
    else if (args.verbose && hyp !== line.english && !unknownReference) {
      process.stdout.write(`  ${s?.score ?? 0} ${s?.origin ?? '-'}\n    ar  ${line.arabic}\n    ref ${line.english}\n    got ${hyp}\n`);
    }
  }
  const n = lines.length;
  console.log(`\n${label}: ${n} lines, memory of ${memory.size} entries`);
  console.log(`  with a suggestion      ${pct(suggested / n)}`);
  console.log(`  memory's own values    ${leaked} lines with a date or number the Arabic does not have`);
  if (unknownReference) return;
  console.log(`  exactly right          ${pct(exact / n)}`);
  console.log(`  post-edit CER          ${pct(withSuggestion.edits / Math.max(1, withSuggestion.chars))} on lines with a suggestion; ${pct(all.edits / all.chars)} on all lines (none = typed in full)`);
  for (const [origin, t] of [...byOrigin].sort((a, b) => b[1].lines - a[1].lines)) {
    console.log(`    ${origin.padEnd(12)} ${String(t.lines).padStart(5)} lines  CER ${pct(t.edits / Math.max(1, t.chars))}`);
  }
  console.log(`  person-name CER        ${pct(names.edits / Math.max(1, names.chars))} over ${names.lines} names`);
  console.log(`  time per line          ${(ms / n).toFixed(2)} ms`);
}

const memoryEntries = memoryDocs.flatMap((d) => linesOf(d).map((l) => ({ source: l.arabic, target: l.english, previous: l.previous })));
const small = buildMemory(memoryEntries);
console.log(`Sample corpus: memory from ${memoryDocs.length} documents (${memoryEntries.length} lines), built in ${small.buildMs.toFixed(0)} ms; ${heldOutDocs.length} documents held out.`);
const heldOut = heldOutDocs.flatMap(linesOf);
const fresh = heldOutDocs.flatMap((d) => withNewValues(d));
evaluate('Held-out documents', small.memory, heldOut);
evaluate('Held-out documents with new names, numbers and dates (targets: ≥ 90 % suggested, CER ≤ 8 %, names ≤ 15 %)', small.memory, fresh);
const unreadable = (y: number, m: number, d: number, k: number) => [`${d}/${m}/${String(y).slice(2)}`, `/ /${y}`, `31/2/${y}`, `${d} ${levantine[m - 1]}`, `${y}`][k % 5]!;
const damaged: Line[] = fresh.flatMap((l, k) => {
  const [date] = findDates(l.arabic);
  if (!date) return [];
  const [y, m, d] = date.iso.split('-').map(Number) as [number, number, number | undefined];
  return [{ ...l, arabic: l.arabic.slice(0, date.start) + unreadable(y, m, d ?? 1, k) + l.arabic.slice(date.end), english: '', persons: [] }];
});
evaluate('Held-out lines with new values and a date it cannot read (reference unknown)', small.memory, damaged, true);

// ——— a memory of archive size ———
const distractorWords = [...new Set(docs.flatMap((d) => d.lines.join(' ').split(/\s+/)).filter((w) => /^[\u0621-\u064A]{3,}$/.test(w)))];
const englishWords = [...new Set(docs.flatMap((d) => d.translation.join(' ').split(/\s+/)).filter((w) => /^[a-z]{3,}$/.test(w)))];
const letters = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
const pseudoWord = () => Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick([...letters])).join('');
const bigEntries: Array<{ source: string; target: string; previous?: string }> = [...memoryEntries];
// Names for these come from the memory half itself (its people's given and family names
// recombined), never from the held-out list: the held-out names stay unseen.
const memoryPool: NamePool = { given: [], family: [] };
for (const d of memoryDocs) {
  for (const e of d.entities.filter((x) => x.type === 'person')) {
    const ar = e.text.split(' ');
    const en = e.normalized.split(' ');
    if (ar.length !== en.length || ar.length < 2) continue;
    memoryPool.given.push([ar[0]!, en[0]!]);
    memoryPool.family.push([ar[ar.length - 1]!, en[en.length - 1]!]);
  }
}
const memoryFresh = memoryDocs.flatMap((d) => withNewValues(d, memoryPool));
while (bigEntries.length < bigSize) {
  if (random() < 0.5) {
    // A formula of the memory half with new values.
    const l = pick(memoryFresh);
    bigEntries.push({ source: l.arabic, target: l.english, previous: l.previous });
  } else {
    // A distractor: a line of 4–12 words, corpus words and made-up ones, with a made-up English.
    const n = 4 + Math.floor(random() * 9);
    const source = Array.from({ length: n }, () => (random() < 0.6 ? pick(distractorWords) : pseudoWord())).join(' ');
    const target = Array.from({ length: n }, () => pick(englishWords)).join(' ');
    bigEntries.push({ source, target });
  }
}
const big = buildMemory(bigEntries);
// Lines no template matches exactly (one word left out): the fuzzy path, timed (their references are unknown).
const fuzzyLines = fresh
  .map((l) => l.arabic.split(' '))
  .filter((w) => w.length >= 5)
  .map((w) => {
    w.splice(1 + Math.floor(random() * (w.length - 2)), 1);
    return w.join(' ');
  });
const timeFuzzy = (memory: TranslationMemory) => {
  const t0 = performance.now();
  let found = 0;
  for (const l of fuzzyLines) if (memory.suggest(l)) found++;
  return `${fuzzyLines.length} lines with a word left out: ${((performance.now() - t0) / fuzzyLines.length).toFixed(2)} ms a line, ${pct(found / fuzzyLines.length)} with a suggestion`;
};
console.log(`  fuzzy path, memory of ${small.memory.size}: ${timeFuzzy(small.memory)}`);
console.log(`\nMemory of ${big.memory.size} entries built in ${(big.buildMs / 1000).toFixed(1)} s (${(big.buildMs / big.memory.size).toFixed(2)} ms an entry), heap +${big.heapMb.toFixed(0)} MB`);
evaluate(`Held-out documents with new names, numbers and dates, memory of ${big.memory.size} entries`, big.memory, fresh);
evaluate(`Held-out lines with new values and a date it cannot read, memory of ${big.memory.size} entries (reference unknown)`, big.memory, damaged, true);
console.log(`  fuzzy path, memory of ${big.memory.size}: ${timeFuzzy(big.memory)}`);
