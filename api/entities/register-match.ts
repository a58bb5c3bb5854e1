/**
 * The register entries a tagged span may be (issue 13, "tags reach the register"): when a person
 * tags or accepts a name, the editor offers the best matches to link with one key. Pure, over
 * the live register held in memory (api/entities/service.ts caches it with the suggestion
 * engine, rebuilt when the register changes).
 *
 * Matching uses the project's one normalizer (api/text/arabic.ts) and one romanizer
 * (api/text/romanize.ts):
 * - `exact`/`alias`: the span, folded (and without a proclitic), is the canonical Arabic form
 *   or one of the aliases; on the English side, the canonical English form or an English alias;
 * - `romanized`: the span's romanized key is that of one of the entry's forms in the other
 *   script (`Wael al-Hussein` ↔ وائل الحسين, `Deraa` ↔ Daraa);
 * - `fuzzy`: within a few edits of a form (OCR misreadings, typing variants), ranked by how few.
 * Scores are in [0, 1], 1 for an exact canonical match.
 */
import { distance } from 'fastest-levenshtein';
import type { EntityKind } from '../../db/schema';
import { normalizeArabic } from '../text/arabic';
import { arabicSkeleton, romanizedKey } from '../text/romanize';

export type RegisterEntryForMatch = {
  id: number;
  kind: EntityKind;
  canonicalAr: string;
  canonicalEn: string;
  aliasesAr: string[];
  aliasesEn: string[];
};

export type RegisterMatch = {
  entityId: number;
  score: number;
  how: 'exact' | 'alias' | 'romanized' | 'fuzzy';
  /** The form of the entry that matched, as the register writes it. */
  form: string;
};

type Form = { entry: RegisterEntryForMatch; form: string; canonical: boolean };

/** Proclitics a name can carry in running text (و ب ل ك ف and their pairs). */
const clitics = ['و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'فب', 'فل', 'وك'];
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const foldAr = (s: string) => squash(normalizeArabic(s));
const foldEn = (s: string) => squash(s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’'`ʿʾ‘-]/g, ' '));

export class RegisterMatcher {
  private readonly byArabic = new Map<string, Form[]>();
  private readonly byEnglish = new Map<string, Form[]>();
  private readonly byKey = new Map<string, Form[]>();
  /** Fuzzy blocking: forms by their words and the words' first and last two letters (`blocks`). */
  private readonly byWord = new Map<string, Form[]>();

  constructor(entries: RegisterEntryForMatch[]) {
    for (const entry of entries) {
      if (entry.kind === 'date') continue;
      const ar = [entry.canonicalAr, ...entry.aliasesAr].filter(Boolean);
      const en = [entry.canonicalEn, ...entry.aliasesEn].filter(Boolean);
      ar.forEach((form, i) => {
        const f: Form = { entry, form, canonical: i === 0 };
        const folded = foldAr(form);
        push(this.byArabic, folded, f);
        push(this.byKey, arabicSkeleton(form), f);
        for (const b of blocks(folded)) push(this.byWord, b, f);
      });
      en.forEach((form, i) => {
        const f: Form = { entry, form, canonical: i === 0 && entry.canonicalEn === form };
        const folded = foldEn(form);
        push(this.byEnglish, folded, f);
        push(this.byKey, romanizedKey(form), f);
        for (const b of blocks(folded)) push(this.byWord, b, f);
      });
    }
  }

  /**
   * The best entries of `kind` for a span's text (`field`: `text` for Arabic, `translation` for
   * English), best first, one per entry.
   */
  match(text: string, field: 'text' | 'translation', kind: EntityKind, limit = 5): RegisterMatch[] {
    const found = new Map<number, RegisterMatch>();
    const add = (f: Form, score: number, how: RegisterMatch['how']) => {
      if (f.entry.kind !== kind) return;
      const prev = found.get(f.entry.id);
      if (!prev || prev.score < score) found.set(f.entry.id, { entityId: f.entry.id, score, how, form: f.form });
    };
    const arabicSide = field === 'text';
    const folded = arabicSide ? foldAr(text) : foldEn(text);
    if (!folded) return [];
    const variants = arabicSide ? [folded, ...clitics.filter((c) => folded.startsWith(c) && folded.length - c.length >= 2).map((c) => folded.slice(c.length))] : [folded];
    const exact = arabicSide ? this.byArabic : this.byEnglish;
    for (const v of variants) for (const f of exact.get(v) ?? []) add(f, f.canonical ? 1 : 0.97, f.canonical ? 'exact' : 'alias');

    const key = arabicSide ? arabicSkeleton(text) : romanizedKey(text);
    if (key) {
      for (const f of this.byKey.get(key) ?? []) {
        // Same script with the same key: a spelling variant; the other script: a romanized form.
        const sameScript = arabicSide === /[\u0600-\u06FF]/.test(f.form);
        add(f, sameScript ? 0.9 : 0.92, sameScript ? 'fuzzy' : 'romanized');
      }
    }

    // Within a few edits of a form in the span's script: one edit per five characters.
    const budget = Math.max(1, Math.floor(folded.length / 5));
    const seen = new Set<Form>();
    for (const b of blocks(folded)) {
      for (const f of this.byWord.get(b) ?? []) {
        if (seen.has(f)) continue;
        seen.add(f);
        const formArabic = /[\u0600-\u06FF]/.test(f.form);
        if (formArabic !== arabicSide) continue;
        const other = formArabic ? foldAr(f.form) : foldEn(f.form);
        if (Math.abs(other.length - folded.length) > budget || digitsOf(other) !== digitsOf(folded)) continue;
        const d = distance(other, folded);
        if (d > 0 && d <= budget) add(f, Math.max(0, 0.85 - (0.5 * d) / Math.max(folded.length, 1)), 'fuzzy');
      }
    }
    return [...found.values()].sort((a, b) => b.score - a.score || a.entityId - b.entityId).slice(0, limit);
  }
}

/**
 * Blocking keys of a folded form for fuzzy look-up: each word of three letters or more, and its
 * first and last two letters (after the article), so one misread letter still meets its name.
 */
function blocks(folded: string): string[] {
  const out: string[] = [];
  for (const w of folded.split(' ')) {
    if (w.length < 3) continue;
    const stem = w.startsWith('ال') && w.length > 4 ? w.slice(2) : w;
    out.push(`w:${w}`, `p:${stem.slice(0, 2)}`, `s:${stem.slice(-2)}`);
  }
  return out;
}

const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).join(' ');

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  if (key === '' || key === undefined) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
