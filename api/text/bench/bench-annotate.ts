/**
 * `npm run bench:annotate` — precision and recall of the suggestion engine per type over the
 * annotated lines of the sample corpus (`entities` in each tests/fixtures/corpus JSON).
 *
 * Split: `clean/` (doc-01-*, 40 pages) was used while tuning the engine; `degraded/`
 * (doc-03-*, 20 pages) is the hold-out, reported separately. (The two folders differ in their
 * scans; their transcriptions are separate documents, which is what matters here.)
 *
 * A suggestion counts as correct when its span equals the annotated span (UTF-16 offsets), its
 * type matches, and its normalized value is right: the ISO date for dates; for units and places
 * the annotated English form must be one of the suggested entity's English names (canonical or
 * alias: the corpus writes "Branch 235" and "Palestine Branch" for the one branch); for known
 * people the register's English form; first-seen people have no normalized value, so the span
 * alone is judged.
 *
 * Two registers: "first-seen" = the seeded register only (units, places; no people), and
 * "known" = the same plus the people annotated in that split, as if a translator had already
 * tagged them once. A third run ("ocr-noise") perturbs letters the way OCR confuses them
 * (same length, so annotations keep their offsets) to exercise the fuzzy matching. A fourth
 * ("crowded") adds thousands of made-up people built from the corpus's name parts to the known
 * register, as distractors: a gold name resolved to one of them counts as wrong. It also gives
 * the speed with a register of archive size.
 *
 * The date set (date-forms.ts): generated lines with every numeric order, separator, digit set
 * and era marker (Gregorian م, Hijri هـ/ه, glued or spaced), month names, and numbers that are
 * not dates; a date counts when span and ISO value are both right.
 *
 * `--ocr DIR`: also run over real OCR output of the corpus scans (`npx sijill ocr
 * tests/fixtures/corpus/*​/*.jpg --out DIR` writes DIR/doc-SS-NNN.txt). OCR drops, splits and
 * merges lines, so annotations cannot be placed by offset; this is judged per document: an
 * annotated entity counts as found when a suggestion of its type with the right value is in
 * the same document (first-seen names: the suggested text within a small edit distance of the
 * annotated name, after normalization); every other suggestion is a false positive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedEnglishForms, seedRegisterEntries } from '../../entities/seed-register';
import { normalizeArabic } from '../arabic';
import { pairInTranslation } from '../english';
import { SuggestionEngine, type RegisterEntry, type Suggestion } from '../suggest';
import { dateFormsSet } from './date-forms';

type Gold = { line: number; start: number; end: number; text: string; type: string; normalized: string };
type Doc = { name: string; lines: string[]; entities: Gold[] };

const corpus = fileURLToPath(new URL('../../../tests/fixtures/corpus', import.meta.url));
const load = (dir: string): Doc[] =>
  readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f, ...(JSON.parse(readFileSync(join(corpus, dir, f), 'utf8')) as Omit<Doc, 'name'>) }));

const types = ['date', 'unit', 'person', 'place'] as const;
const englishForms = seedEnglishForms();

type Noise = 'none' | 'letters' | 'lam-alef';

function evaluate(docs: Doc[], engine: SuggestionEngine, personForms: Map<string, string[]>, judgePersonValue: boolean, noise: Noise | boolean) {
  const mode: Noise = noise === true ? 'letters' : noise === false ? 'none' : noise;
  const stats = Object.fromEntries(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<(typeof types)[number], { tp: number; fp: number; fn: number }>;
  let lines = 0;
  let chars = 0;
  // One untimed pass first, so the figure is the engine's and not the JIT's warm-up.
  for (const doc of docs) doc.lines.forEach((l, i) => engine.annotate(l, { previous: doc.lines[i - 1] }));
  const started = performance.now();
  for (const doc of docs) {
    const damaged = doc.lines.map((l, i) => (mode === 'letters' ? { text: perturb(l, `${doc.name}:${i}`), at: (p: number) => p } : mode === 'lam-alef' ? splitLamAlef(l, `${doc.name}:${i}`) : { text: l, at: (p: number) => p }));
    const text = damaged.map((d) => d.text);
    text.forEach((line, i) => {
      const gold = doc.entities.filter((e) => e.line === i).map((e) => ({ ...e, start: damaged[i]!.at(e.start), end: damaged[i]!.at(e.end) }));
      const predicted = engine.annotate(line, { previous: i > 0 ? text[i - 1] : undefined });
      lines++;
      chars += line.length;
      const matched = new Set<Suggestion>();
      for (const g of gold) {
        const p = predicted.find((s) => !matched.has(s) && s.start === g.start && s.end === g.end && s.type === g.type && valueOk(s, g));
        const t = g.type as (typeof types)[number];
        if (p) {
          matched.add(p);
          stats[t].tp++;
        } else stats[t].fn++;
      }
      for (const p of predicted) if (!matched.has(p) && p.type in stats) stats[p.type as (typeof types)[number]].fp++;
    });
  }
  return { stats, lines, chars, ms: performance.now() - started };

  function valueOk(s: Suggestion, g: Gold) {
    if (g.type === 'date') return s.normalized === g.normalized;
    if (g.type === 'person') return !judgePersonValue || (s.entityId !== null && (personForms.get(String(s.entityId)) ?? []).includes(g.normalized));
    return s.entityId !== null && (englishForms.get(String(s.entityId)) ?? []).includes(g.normalized);
  }
}

/** Deterministic OCR-like damage: about one letter in 25 swapped for a look-alike. */
const confusions: Record<string, string> = { ب: 'ت', ت: 'ث', ث: 'ن', ن: 'ب', ح: 'ج', ج: 'خ', خ: 'ح', ر: 'ز', ز: 'ر', س: 'ش', ش: 'س', ص: 'ض', ع: 'غ', ف: 'ق', ق: 'ف', ه: 'ة', ي: 'ى', ا: 'أ', د: 'ذ', ط: 'ظ' };
function perturb(line: string, seed: string) {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (const ch of line) {
    h = Math.imul(h ^ 0x9e3779b9, 2654435761) >>> 0;
    out += confusions[ch] && h % 25 === 0 ? confusions[ch] : ch;
  }
  return out;
}

/**
 * OCR's other habit on these pages: a word split after a lam-alef ligature (الأسعد → الأ سعد),
 * here one in two. Returns the damaged line and where an old offset now is.
 */
function splitLamAlef(line: string, seed: string) {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const inserts: number[] = [];
  let out = '';
  for (let i = 0; i < line.length; i++) {
    out += line[i];
    if (line[i - 1] === 'ل' && 'اأإآ'.includes(line[i]!) && /\p{L}/u.test(line[i + 1] ?? '')) {
      h = Math.imul(h ^ 0x9e3779b9, 2654435761) >>> 0;
      if (h % 2 === 0) {
        inserts.push(i + 1);
        out += ' ';
      }
    }
  }
  return { text: out, at: (p: number) => p + inserts.filter((x) => x < p).length };
}

function personRegister(docs: Doc[]) {
  const entries = new Map<string, RegisterEntry>();
  for (const d of docs) for (const e of d.entities) if (e.type === 'person' && !entries.has(e.normalized)) entries.set(e.normalized, { id: `person:${e.normalized}`, kind: 'person', canonicalEn: e.normalized, names: [e.text] });
  return [...entries.values()];
}

/** Made-up people: every first name × father × family name seen in the corpus, minus the real ones. */
function distractors(all: Doc[], exclude: RegisterEntry[]): RegisterEntry[] {
  const first = new Set<string>();
  const family = new Set<string>();
  for (const d of all)
    for (const e of d.entities)
      if (e.type === 'person') {
        const parts = e.text.split(' بن ');
        const head = parts[0]!.split(' ');
        const tail = parts[parts.length - 1]!.split(' ');
        first.add(head[0] === 'عبد' ? head.slice(0, 2).join(' ') : head[0]!);
        family.add(tail[tail.length - 1]!);
      }
  const taken = new Set(exclude.flatMap((e) => e.names.map(normalizeArabic)));
  const out: RegisterEntry[] = [];
  for (const a of first)
    for (const b of first)
      for (const f of family) {
        for (const name of [`${a} بن ${b} ${f}`, ...(b === a ? [`${a} ${f}`] : [])]) {
          if (!taken.has(normalizeArabic(name))) out.push({ id: `synthetic:${out.length}`, kind: 'person', canonicalEn: `synthetic ${out.length}`, names: [name] });
        }
      }
  return out;
}

/**
 * English side: for each annotated entity the engine found correctly, is its rendering found in
 * the line's translation (the span's text equals the annotated English form, or the date)?
 */
function pairing(docs: Doc[], engine: SuggestionEngine, personForms: Map<string, string[]>) {
  const stats = Object.fromEntries(types.map((t) => [t, { found: 0, of: 0 }])) as Record<string, { found: number; of: number }>;
  for (const doc of docs) {
    const translation = (doc as Doc & { translation: string[] }).translation;
    doc.lines.forEach((line, i) => {
      const predicted = engine.annotate(line, { previous: doc.lines[i - 1] });
      const gold = doc.entities.filter((e) => e.line === i);
      const tags = gold.flatMap((g, k) => {
        const p = predicted.find((s) => s.start === g.start && s.end === g.end && s.type === g.type);
        if (!p) return [];
        const forms = g.type === 'person' ? (personForms.get(String(p.entityId)) ?? []) : (englishForms.get(String(p.entityId)) ?? []);
        return [{ key: k, kind: g.type, entityId: 0, normalized: p.normalized, forms }];
      });
      const pairs = pairInTranslation(translation[i] ?? '', tags);
      for (const t of tags) {
        const g = gold[t.key]!;
        stats[g.type]!.of++;
        const p = pairs.find((x) => x.key === t.key);
        const text = p ? translation[i]!.slice(p.start, p.end) : null;
        if (p && (g.type === 'date' || text!.toLowerCase() === g.normalized.toLowerCase())) stats[g.type]!.found++;
      }
    });
  }
  console.log('  English side (tags whose rendering was found in the translation):');
  for (const t of types) console.log(`    ${t.padEnd(7)} ${stats[t]!.found}/${stats[t]!.of}`);
}

/** Document-level precision/recall on OCR text (see the header). */
function evaluateOcr(docs: Doc[], ocrDir: string, engine: SuggestionEngine, personForms: Map<string, string[]>, known: boolean) {
  const stats = Object.fromEntries(types.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<(typeof types)[number], { tp: number; fp: number; fn: number }>;
  let pages = 0;
  let lines = 0;
  const started = performance.now();
  for (const doc of docs) {
    const file = join(ocrDir, doc.name.replace(/\.json$/, '.txt'));
    if (!existsSync(file)) continue;
    pages++;
    const text = readFileSync(file, 'utf8').split(/\r?\n/);
    const predicted = text.flatMap((line, i) => engine.annotate(line, { previous: text[i - 1] }).map((m) => ({ ...m, text: line.slice(m.start, m.end) })));
    lines += text.length;
    const used = new Set<number>();
    for (const g of doc.entities) {
      const t = g.type as (typeof types)[number];
      const k = predicted.findIndex((p, idx) => !used.has(idx) && p.type === g.type && ok(p, g));
      if (k >= 0) {
        used.add(k);
        stats[t].tp++;
      } else stats[t].fn++;
    }
    predicted.forEach((p, idx) => {
      if (!used.has(idx) && p.type in stats) stats[p.type as (typeof types)[number]].fp++;
    });
  }
  return { stats, lines, pages, ms: performance.now() - started };

  function ok(p: Suggestion & { text: string }, g: Gold) {
    if (g.type === 'date') return p.normalized === g.normalized;
    if (g.type === 'person') {
      if (known) return p.entityId !== null && (personForms.get(String(p.entityId)) ?? []).includes(g.normalized);
      const a = normalizeArabic(p.text);
      const b = normalizeArabic(g.text);
      return distance(a, b) <= Math.max(1, Math.floor(b.length / 6));
    }
    return p.entityId !== null && (englishForms.get(String(p.entityId)) ?? []).includes(g.normalized);
  }
}

const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
function report(title: string, r: ReturnType<typeof evaluate>) {
  console.log(`\n${title}  (${r.lines} lines, ${(r.ms / Math.max(1, r.lines) * 1000).toFixed(0)} µs/line incl. scoring, after a warm-up pass; load average ${loadavg()[0]!.toFixed(1)})`);
  console.log('  type     gold  found   P      R');
  for (const t of types) {
    const s = r.stats[t];
    const p = s.tp / (s.tp + s.fp);
    const rec = s.tp / (s.tp + s.fn);
    console.log(`  ${t.padEnd(7)} ${String(s.tp + s.fn).padStart(5)} ${String(s.tp + s.fp).padStart(6)}  ${fmt(p)}  ${fmt(rec)}`);
  }
}

const { values: args } = parseArgs({ options: { ocr: { type: 'string' } } });
const splits = { 'tuning (clean/, doc-01-*)': load('clean'), 'hold-out (degraded/, doc-03-*)': load('degraded') };
const seed = seedRegisterEntries();
const allDocs = Object.values(splits).flat();
for (const [name, docs] of Object.entries(splits)) {
  const people = personRegister(docs);
  const personForms = new Map(people.map((p) => [String(p.id), [p.canonicalEn]]));
  report(`${name} — first-seen register (seed only; people by pattern)`, evaluate(docs, new SuggestionEngine(seed), personForms, false, false));
  report(`${name} — known register (seed + this split's people)`, evaluate(docs, new SuggestionEngine([...seed, ...people]), personForms, true, false));
  pairing(docs, new SuggestionEngine([...seed, ...people]), personForms);
  report(`${name} — known register, OCR-like letter noise`, evaluate(docs, new SuggestionEngine([...seed, ...people]), personForms, true, true));
  report(`${name} — known register, words split at lam-alef`, evaluate(docs, new SuggestionEngine([...seed, ...people]), personForms, true, 'lam-alef'));
  const crowd = distractors(allDocs, people);
  const built = performance.now();
  const crowded = new SuggestionEngine([...seed, ...people, ...crowd]);
  const buildMs = performance.now() - built;
  report(`${name} — known register + ${crowd.length} made-up people (built in ${buildMs.toFixed(0)} ms)`, evaluate(docs, crowded, personForms, true, false));
  report(`${name} — same, with OCR-like letter noise`, evaluate(docs, crowded, personForms, true, true));
  if (args.ocr) {
    for (const known of [false, true]) {
      const engine = new SuggestionEngine(known ? [...seed, ...people] : seed);
      const r = evaluateOcr(docs, args.ocr, engine, personForms, known);
      report(`${name} — real OCR output (${args.ocr}, ${r.pages} pages), per document, ${known ? 'known' : 'first-seen'} register`, { ...r, chars: 0 });
    }
  }
}

// The date set: every written form of a date the parser should read, and numbers it should not.
{
  const set = dateFormsSet();
  const engine = new SuggestionEngine(seed);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const line of set) {
    const found = engine.annotate(line.text).filter((s) => s.type === 'date');
    const matched = new Set<Suggestion>();
    for (const g of line.dates) {
      const hit = found.find((s) => !matched.has(s) && s.start === g.start && s.end === g.end && s.normalized === g.iso);
      if (hit) {
        matched.add(hit);
        tp++;
      } else {
        fn++;
        if (misses.length < 5) misses.push(`missed ${JSON.stringify(line.text.slice(g.start, g.end))} (${g.iso})`);
      }
    }
    for (const s of found) {
      if (matched.has(s)) continue;
      fp++;
      if (misses.length < 5) misses.push(`wrong ${JSON.stringify(line.text.slice(s.start, s.end))} → ${s.normalized}`);
    }
  }
  console.log(`\ndate set (date-forms.ts: ${set.length} lines, ${tp + fn} dates; numeric in every order, separator, digit set and era marker, numeric Hijri, month names)`);
  console.log(`  P ${fmt(tp / (tp + fp))}  R ${fmt(tp / (tp + fn))}${misses.length ? `   e.g. ${misses.join('; ')}` : ''}`);
}
