/**
 * npm run bench:search — search at archive scale on a real PostgreSQL server.
 *
 * Creates (and afterwards drops) the database `sijill_bench_search` (or BENCH_DB) on DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432/postgres), migrates it, and fills it with a
 * generated synthetic archive: 134,000 one-page documents, ~700,000 lines of Arabic with English
 * translations (40 % of documents left untranslated, as OCR output awaiting work), spelling
 * variants and OCR-style misreadings, and tags (units, persons, places, dates). All names are
 * fictional combinations; nothing is stored in the repository. Rows go in with COPY; the search
 * keys are computed by the same functions the write path uses (segmentSearchFields).
 *
 * Then runs a fixed query mix through the same service the API calls (runSearch: compile,
 * one page of 20 lines with highlights, totals and facets) as a non-admin user, and prints
 * p50/p95/p99 latency, throughput with 8 concurrent clients, index sizes, load time and
 * EXPLAIN ANALYZE of representative queries.
 *
 * Then, when Debian's Chromium is installed, serves the web app on the same database and measures
 * in the browser what a researcher sees: from the keystroke in the search box (a whole query typed
 * as one input event) to the first frame painted with the page of results, as the search page
 * itself times it (the typing pause is included).
 *
 * Options (env): BENCH_DOCS (default 134000), BENCH_DB (database name, default sijill_bench_search), BENCH_KEEP=1 keeps the database afterwards,
 * BENCH_REUSE=1 runs the queries on a kept database (migrating it first) without loading again,
 * SIJILL_SKIP_WEB_BUILD=1 reuses web/dist, BENCH_BROWSER=0 skips the browser part.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'vite';
import postgres from 'postgres';
import { CalendarDate, IslamicUmalquraCalendar, toCalendar } from '@internationalized/date';
import { sql } from 'drizzle-orm';
import { createDb } from '../../../db/client';
import { insertSession } from '../../../db/queries/users';
import { chromiumPath, hasChromium, launchChromium } from '../../../tests/helpers/browser';
import { secretHash, sessionTtlMs } from '../../auth/credentials';
import { sessionCookie } from '../../auth/middleware';
import { loadConfig } from '../../config';
import { startSijill } from '../../server';
import { searchFacetsSql, searchLinesSql, type SearchFilters } from '../../../db/queries/search';
import { compileQuery } from '../compile';
import { segmentSearchFields, vocabularyOf, type VocabularyWord } from '../index-keys';
import { rowsOf } from '../../../db/queries/ocr-jobs';
import type { SessionUser } from '../../../db/queries/users';
import { indicDigits, normalizeArabic } from '../../text/arabic';
import { parseSearchQuery } from '../query';
import { aggregateSearch, runSearch, runSearchFacets, runSearchLines } from '../search';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = process.env.BENCH_DB || 'sijill_bench_search';
if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`BENCH_DB must be a plain lower-case database name, not ${dbName}`);
const docCount = Number(process.env.BENCH_DOCS || 134_000);
const reuse = process.env.BENCH_REUSE === '1';
const keep = process.env.BENCH_KEEP === '1' || reuse;

// ——— deterministic generator ———

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20111503);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number) => rnd() < p;
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));

const firstNames: Array<[string, string]> = [
  ['محمد', 'Mohammad'], ['أحمد', 'Ahmad'], ['محمود', 'Mahmoud'], ['خالد', 'Khaled'], ['عمر', 'Omar'], ['علي', 'Ali'],
  ['حسن', 'Hassan'], ['حسين', 'Hussein'], ['يوسف', 'Yousef'], ['إبراهيم', 'Ibrahim'], ['عبد الله', 'Abdullah'], ['مصطفى', 'Mustafa'],
  ['وائل', 'Wael'], ['سامر', 'Samer'], ['ماهر', 'Maher'], ['فادي', 'Fadi'], ['رامي', 'Rami'], ['باسل', 'Basel'], ['عمار', 'Ammar'],
  ['أيمن', 'Ayman'], ['زياد', 'Ziad'], ['نزار', 'Nizar'], ['طارق', 'Tareq'], ['بشير', 'Bashir'], ['جمال', 'Jamal'], ['كمال', 'Kamal'],
  ['هيثم', 'Haytham'], ['منير', 'Munir'], ['نبيل', 'Nabil'], ['سليم', 'Salim'], ['غسان', 'Ghassan'], ['رياض', 'Riad'], ['عادل', 'Adel'],
  ['فراس', 'Firas'], ['معاذ', 'Muath'], ['أنس', 'Anas'], ['حمزة', 'Hamza'], ['ياسر', 'Yasser'], ['مازن', 'Mazen'], ['قاسم', 'Qasim'],
  ['فاطمة', 'Fatima'], ['مريم', 'Maryam'], ['رزان', 'Razan'], ['هبة', 'Heba'], ['نور', 'Nour'], ['سلمى', 'Salma'], ['رنا', 'Rana'], ['ليلى', 'Layla'],
  ['عبد الرحمن', 'Abd al-Rahman'],
];
const familyNames: Array<[string, string]> = [
  ['الحلبي', 'al-Halabi'], ['المصري', 'al-Masri'], ['الخطيب', 'al-Khatib'], ['الحمصي', 'al-Homsi'], ['الشامي', 'al-Shami'], ['الأحمد', 'al-Ahmad'],
  ['العلي', 'al-Ali'], ['الحسن', 'al-Hassan'], ['الدرعاوي', 'al-Daraawi'], ['النجار', 'al-Najjar'], ['الحداد', 'al-Haddad'], ['الزعبي', 'al-Zoubi'],
  ['المقداد', 'al-Miqdad'], ['الحريري', 'al-Hariri'], ['الخالدي', 'al-Khalidi'], ['الإدلبي', 'al-Idlibi'], ['الحوراني', 'al-Hourani'], ['الشيخ', 'al-Sheikh'],
  ['السيد', 'al-Sayed'], ['القاسم', 'al-Qasim'], ['العمر', 'al-Omar'], ['الصالح', 'al-Saleh'], ['الكردي', 'al-Kurdi'], ['البيطار', 'al-Bitar'],
  ['الطويل', 'al-Tawil'], ['السقا', 'al-Saqqa'], ['الدباغ', 'al-Dabbagh'], ['الحكيم', 'al-Hakim'], ['اليوسف', 'al-Yousef'], ['الرفاعي', 'al-Rifai'],
  ['العثمان', 'al-Othman'], ['الجاسم', 'al-Jasim'], ['المحمد', 'al-Mohammad'], ['الفارس', 'al-Fares'], ['الحسين', 'al-Hussein'], ['الأسعد', 'al-Asaad'],
  ['البرازي', 'al-Barazi'], ['الديري', 'al-Deiri'], ['التركماني', 'al-Turkmani'], ['الرحال', 'al-Rahhal'], ['الصباغ', 'al-Sabbagh'],
];
const places: Array<[string, string]> = [
  ['دمشق', 'Damascus'], ['حلب', 'Aleppo'], ['حمص', 'Homs'], ['حماة', 'Hama'], ['درعا', 'Daraa'], ['إدلب', 'Idlib'], ['داريا', 'Daraya'],
  ['دوما', 'Douma'], ['المعضمية', 'Moadamiyeh'], ['الزبداني', 'Zabadani'], ['اللاذقية', 'Latakia'], ['دير الزور', 'Deir ez-Zor'], ['الرقة', 'Raqqa'],
  ['القابون', 'Qaboun'], ['برزة', 'Barzeh'], ['جوبر', 'Jobar'], ['التل', 'al-Tal'], ['قدسيا', 'Qudsaya'], ['عربين', 'Arbin'], ['حرستا', 'Harasta'],
];
const units: Array<[string, string]> = [
  ['الفرع 215', 'Branch 215'], ['الفرع 227', 'Branch 227'], ['الفرع 235', 'Branch 235'], ['الفرع 248', 'Branch 248'], ['الفرع 251', 'Branch 251'],
  ['الفرع 285', 'Branch 285'], ['الفرع 216', 'Branch 216'], ['الفرع 291', 'Branch 291'], ['الشرطة العسكرية', 'Military Police'],
  ['سجن صيدنايا العسكري', 'Saydnaya Military Prison'], ['المشفى العسكري 601', 'Military Hospital 601'], ['مشفى تشرين العسكري', 'Tishreen Military Hospital'],
  ['إدارة المخابرات الجوية', 'Air Force Intelligence Directorate'], ['شعبة المخابرات العسكرية', 'Military Intelligence Directorate'],
  ['إدارة الأمن السياسي', 'Political Security Directorate'], ['إدارة المخابرات العامة', 'General Intelligence Directorate'],
];
const subjects: Array<[string, string]> = [
  ['الموضوع: جدول بأسماء الموقوفين', 'Subject: List of detainees'],
  ['الموضوع: برقية نقل موقوفين', 'Subject: Cable on the transfer of detainees'],
  ['الموضوع: إشعار وفاة', 'Subject: Death notification'],
  ['الموضوع: مذكرة بحث', 'Subject: Search warrant'],
  ['الموضوع: تقرير اعتقال', 'Subject: Arrest report'],
  ['الموضوع: طلب معلومات', 'Subject: Request for information'],
  ['الموضوع: إحالة موقوف', 'Subject: Referral of a detainee'],
];
const months = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
const monthsEn = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const indic = indicDigits;

/** A second spelling of a name, as clerks and OCR produce them: hamza dropped, ta marbuta / alef maqsura swapped, a harakah. */
function variantSpelling(ar: string): string {
  let v = ar.replace(/[أإآ]/g, 'ا');
  if (chance(0.5)) v = v.replace(/ة(\s|$)/g, 'ه$1').replace(/ي(\s|$)/g, 'ى$1');
  if (chance(0.3)) v = v.replace(/^(.)/, '$1\u064F');
  return v;
}
const ocrConfusions: Array<[string, string]> = [['ل', 'ا'], ['ب', 'ت'], ['ف', 'ق'], ['ح', 'ج'], ['ر', 'ز'], ['س', 'ش'], ['ع', 'غ']];
function ocrNoise(line: string): string {
  const [a, b] = pick(ocrConfusions);
  const i = line.indexOf(a, int(0, Math.max(0, line.length - 1)));
  return i < 0 ? line : line.slice(0, i) + b + line.slice(i + 1);
}

type Line = { ar: string; en: string; tags: Array<{ kind: 'person' | 'unit' | 'place' | 'date'; start: number; end: number; entity?: number; normalized?: string }> };

// Entity ids: units 1..U, places U+1..U+P, persons after.
const unitId = (i: number) => 1 + i;
const placeId = (i: number) => 1 + units.length + i;
const personId = (f: number, l: number) => 1 + units.length + places.length + f * familyNames.length + l;

function dateLine(): Line {
  const y = int(2011, 2024);
  const m = int(1, 12);
  const d = int(1, 28);
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dd = String(d).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  const style = rnd();
  let shown: string;
  if (style < 0.4) shown = `${dd}/${mm}/${y}`;
  else if (style < 0.55) shown = indic(`${d}/${m}/${y}`);
  else if (style < 0.62) shown = `${dd}/${mm}/${y}م`; // the era letter glued on, as typists write it
  else if (style < 0.68) shown = indic(`${dd}/${mm}/${y}`) + 'م';
  else if (style < 0.75) {
    // numeric Hijri (Umm al-Qura), year first or last
    const h = toCalendar(new CalendarDate(y, m, d), new IslamicUmalquraCalendar());
    const [hd, hm] = [String(h.day).padStart(2, '0'), String(h.month).padStart(2, '0')];
    shown = indic(chance(0.5) ? `${h.year}/${hm}/${hd}` : `${hd}/${hm}/${h.year}`) + (chance(0.5) ? ' هـ' : 'هـ');
  } else shown = `${d} ${months[m - 1]} ${y}`;
  const prefix = `الرقم: ${int(100, 99999)}/ص   التاريخ: `;
  return {
    ar: prefix + shown,
    en: `No.: ${int(100, 99999)}/S   Date: ${d} ${monthsEn[m - 1]} ${y}`,
    // Three dates in ten are written but not (yet) tagged: the date filter must read them from the text.
    tags: chance(0.7) ? [{ kind: 'date', start: prefix.length, end: prefix.length + shown.length, normalized: iso }] : [],
  };
}

function personLine(n: number): Line {
  const f = Math.floor(rnd() * firstNames.length);
  const l = Math.floor(rnd() * familyNames.length);
  let nameAr = `${firstNames[f]![0]} ${familyNames[l]![0]}`;
  if (chance(0.2)) nameAr = variantSpelling(nameAr);
  const nameEn = `${firstNames[f]![1]} ${familyNames[l]![1]}`;
  if (chance(0.5)) {
    const prefix = `${n}- `;
    const y = int(1950, 2000);
    return { ar: `${prefix}${nameAr} مواليد ${y}`, en: `${n}- ${nameEn}, born ${y}`, tags: [{ kind: 'person', start: prefix.length, end: prefix.length + nameAr.length, entity: personId(f, l) }] };
  }
  const p = Math.floor(rnd() * places.length);
  const prefix = 'تم توقيف المدعو ';
  const mid = ' من أهالي ';
  return {
    ar: `${prefix}${nameAr}${mid}${places[p]![0]}`,
    en: `The named ${nameEn}, from ${places[p]![1]}, was detained`,
    tags: [
      { kind: 'person', start: prefix.length, end: prefix.length + nameAr.length, entity: personId(f, l) },
      { kind: 'place', start: prefix.length + nameAr.length + mid.length, end: prefix.length + nameAr.length + mid.length + places[p]![0].length, entity: placeId(p) },
    ],
  };
}

function bodyLine(): Line {
  const u = Math.floor(rnd() * units.length);
  const kind = rnd();
  if (kind < 0.4) {
    const prefix = 'يرجى إحالته إلى ';
    return { ar: `${prefix}${units[u]![0]} لاستكمال التحقيق`, en: `Please refer him to ${units[u]![1]} to complete the investigation`, tags: [{ kind: 'unit', start: prefix.length, end: prefix.length + units[u]![0].length, entity: unitId(u) }] };
  }
  // Words with attached proclitics (و ب ال and their combinations), as the documents write them.
  if (kind < 0.55) return { ar: 'يرجى تزويدنا بأسماء المطلوبين والموقوفين لديكم', en: 'Please send us the names of the wanted persons and of the detainees you hold', tags: [] };
  if (kind < 0.65) return { ar: 'وبالإشارة إلى الاستدعاءات السابقة للمذكورين', en: 'With reference to the earlier summonses of the above-named', tags: [] };
  return { ar: 'يرجى الاطلاع وإجراء اللازم', en: 'For your information and action', tags: [] };
}

function generateDocument(): { unit: number; lines: Line[] } {
  const u = Math.floor(rnd() * units.length);
  const lines: Line[] = [];
  if (chance(0.5)) lines.push({ ar: 'الجمهورية العربية السورية', en: 'Syrian Arab Republic', tags: [] });
  lines.push({ ar: units[u]![0], en: units[u]![1], tags: [{ kind: 'unit', start: 0, end: units[u]![0].length, entity: unitId(u) }] });
  lines.push(dateLine());
  const s = pick(subjects);
  lines.push({ ar: s[0], en: s[1], tags: [] });
  const persons = chance(0.25) ? 2 : 1;
  for (let i = 1; i <= persons; i++) lines.push(personLine(i));
  if (chance(0.4)) lines.push(bodyLine());
  if (chance(0.25)) lines.push({ ar: 'رئيس الفرع', en: 'Head of the branch', tags: [] });
  for (const l of lines) if (chance(0.03)) l.ar = ocrNoise(l.ar); // tags keep their offsets: one letter swapped in place
  return { unit: u, lines };
}

// ——— loading ———

const esc = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
const row = (...cells: Array<string | number | null>) => cells.map(esc).join('\t') + '\n';

async function copyRows(client: postgres.Sql, table: string, columns: string[], produce: (write: (line: string) => Promise<void>) => Promise<void>) {
  const stream = await client.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
  let buffer = '';
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      const chunk = buffer;
      buffer = '';
      if (!chunk) return resolve();
      if (stream.write(chunk)) resolve();
      else stream.once('drain', resolve).once('error', reject);
    });
  await produce(async (line) => {
    buffer += line;
    if (buffer.length > 1 << 20) await flush();
  });
  await flush();
  await new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve).once('error', reject);
    stream.end();
  });
}

async function load(client: postgres.Sql) {
  const t0 = performance.now();
  const [{ id: adminId }] = (await client`INSERT INTO users (email, name, password_hash, role) VALUES ('bench-admin@example.test', 'Bench admin', 'x', 'admin') RETURNING id`) as unknown as [{ id: number }];
  const [{ id: researcherId }] = (await client`INSERT INTO users (email, name, password_hash, role) VALUES ('bench-researcher@example.test', 'Bench researcher', 'x', 'researcher') RETURNING id`) as unknown as [{ id: number }];
  const collectionRows = await client`INSERT INTO collections (name, restricted) VALUES ('branch-archive-a', false), ('branch-archive-b', false), ('sealed', true) RETURNING id`;
  const collectionIds = collectionRows.map((r) => r.id as number);

  // Entities with explicit ids (units, places, persons).
  await copyRows(client, 'entities', ['id', 'kind', 'canonical_ar', 'canonical_en', 'aliases_ar', 'aliases_en', 'norm_key'], async (write) => {
    const arr = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/"/g, '\\"')}"`).join(',')}}`;
    for (const [i, [ar, en]] of units.entries()) await write(row(unitId(i), 'unit', ar, en, '{}', '{}', normalizeArabic(ar)));
    for (const [i, [ar, en]] of places.entries()) await write(row(placeId(i), 'place', ar, en, '{}', '{}', normalizeArabic(ar)));
    for (const [f, [far, fen]] of firstNames.entries()) {
      for (const [l, [lar, len]] of familyNames.entries()) {
        const ar = `${far} ${lar}`;
        await write(row(personId(f, l), 'person', ar, `${fen} ${len}`, arr([variantSpelling(ar)]), arr([`${fen} ${len.replace(/^al-/, '')}`]), normalizeArabic(ar)));
      }
    }
  });
  await client.unsafe(`SELECT setval(pg_get_serial_sequence('entities', 'id'), (SELECT max(id) FROM entities))`);

  const statuses = ['in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_progress', 'in_review', 'certified', 'ocr_failed', 'in_progress'];
  const vocabulary = new Map<string, VocabularyWord>();
  let segmentId = 0;
  let mentionId = 0;
  let lineCount = 0;
  let mentionCount = 0;
  const batchDocs = 5000;
  // Documents, pages, segments and mentions, generated in batches with ids assigned here.
  for (let from = 1; from <= docCount; from += batchDocs) {
    const to = Math.min(docCount, from + batchDocs - 1);
    const collectionOf = (documentId: number) => (documentId % 10 === 0 ? collectionIds[2]! : collectionIds[documentId % 2]!);
    const docs: Array<{ id: number; translated: boolean; unit: number; lines: Line[] }> = [];
    for (let id = from; id <= to; id++) docs.push({ id, translated: chance(0.6), ...generateDocument() });
    await copyRows(client, 'documents', ['id', 'title', 'archive_ref', 'collection_id', 'sha256', 'size_bytes', 'mime', 'status', 'page_count', 'uploaded_by'], async (write) => {
      for (const d of docs) {
        const coll = collectionOf(d.id);
        await write(row(d.id, `Document ${d.id}`, `SY/${d.unit}/${d.id}`, coll, d.id.toString(16).padStart(64, '0'), 100_000, 'image/jpeg', statuses[d.id % statuses.length]!, 1, adminId));
      }
    });
    await copyRows(client, 'pages', ['id', 'document_id', 'page_no', 'ocr_status'], async (write) => {
      for (const d of docs) await write(row(d.id, d.id, 1, 'done'));
    });
    const mentionRows: string[] = [];
    await copyRows(client, 'segments', ['id', 'page_id', 'document_id', 'collection_id', 'line_order', 'box', 'ocr_text', 'text', 'translation', 'text_norm', 'translation_key', 'text_dates', 'status', 'version'], async (write) => {
      for (const d of docs) {
        for (const [i, l] of d.lines.entries()) {
          segmentId++;
          lineCount++;
          const translation = d.translated ? l.en : '';
          const keys = segmentSearchFields(l.ar, translation);
          // The vocabulary as recordSearchTerms makes it (line by line: most words repeat).
          for (const [term, w] of vocabularyOf([{ text: l.ar, translation }])) if (!vocabulary.has(term)) vocabulary.set(term, w);
          await write(row(segmentId, d.id, d.id, collectionOf(d.id), i + 1, JSON.stringify({ x: 50, y: 60 + i * 40, w: 900, h: 36 }), l.ar, l.ar, translation, keys.textNorm, keys.translationKey, keys.textDates, translation ? 'translated' : 'ocr', 1));
          for (const tag of l.tags) {
            mentionId++;
            mentionCount++;
            mentionRows.push(row(mentionId, segmentId, d.id, 'text', tag.start, tag.end, tag.kind, tag.entity ?? null, tag.normalized ?? null, chance(0.7) ? 'accepted' : 'suggested', 'user', 1));
          }
        }
      }
    });
    await copyRows(client, 'mentions', ['id', 'segment_id', 'document_id', 'field', 'start_offset', 'end_offset', 'kind', 'entity_id', 'normalized', 'status', 'source', 'segment_version'], async (write) => {
      for (const m of mentionRows) await write(m);
    });
    process.stdout.write(`\r  loaded ${to.toLocaleString('en')} / ${docCount.toLocaleString('en')} documents`);
  }
  process.stdout.write('\n');
  await copyRows(client, 'search_terms', ['term', 'lang', 'latin_key'], async (write) => {
    for (const w of vocabulary.values()) await write(row(w.term, w.lang, w.latinKey));
  });
  for (const t of ['documents', 'pages', 'segments', 'mentions']) {
    await client.unsafe(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  }
  const rowsMs = performance.now() - t0;
  return { rowsMs, lineCount, mentionCount, adminId: adminId as number, researcherId: researcherId as number };
}

// ——— queries ———

export type BenchQuery = { kind: string; q: string; filters: SearchFilters };

export function queryMix(): BenchQuery[] {
  const r = mulberry32(424242);
  const p = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: BenchQuery[] = [];
  const year = () => 2011 + Math.floor(r() * 13);
  for (let i = 0; i < 40; i++) {
    const kind = i % 4;
    // single words: a family name, a place, an English word, a common word
    out.push({ kind: 'word', q: kind === 0 ? p(familyNames)[0] : kind === 1 ? p(places)[0] : kind === 2 ? p(['transfer', 'detainees', 'Daraya', 'investigation', 'hospital']) : p(['الموقوفين', 'وفاة', 'الفرع']), filters: {} });
    // Arabic names typed with another spelling
    const [far, fen] = p(firstNames);
    const [lar, len] = p(familyNames);
    out.push({ kind: 'name-ar-variant', q: `${far.replace(/[أإآ]/g, 'ا').replace(/ة$/, 'ه')} ${lar.replace(/[أإآ]/g, 'ا').replace(/ي$/, 'ى')}`, filters: {} });
    // romanized names, spelled otherwise than the register
    const romVariant = `${fen.replace(/ou/g, 'u').replace(/ad$/, 'ed').replace(/^Mohammad$/, 'Mohamed')} ${len.replace(/^al-/, '').replace(/i$/, 'y')}`;
    out.push({ kind: 'name-romanized', q: romVariant, filters: {} });
    // phrases
    out.push({ kind: 'phrase', q: p(['"برقية نقل"', '"سجن صيدنايا"', '"Military Police"', '"إشعار وفاة"', '"complete the investigation"', '"من أهالي داريا"']), filters: {} });
    // filtered by unit and a date range
    const y = year();
    out.push({
      kind: 'filtered',
      q: p([p(familyNames)[0], p(places)[0], 'الموقوفين', `${far} ${lar}`]),
      filters: { entityIds: [unitId(Math.floor(r() * units.length))], dateFrom: `${y}-01-01`, dateTo: `${y + 1}-12-31` },
    });
  }
  // Issue 14's kinds, ten of each: words typed without the proclitics the lines attach (or with
  // them), years and reference numbers in either digit set, words pasted from old PDFs in
  // presentation forms, and family names typed in Latin letters into untranslated Arabic.
  for (let i = 0; i < 10; i++) {
    out.push({ kind: 'prefixed', q: p(['المطلوبين', 'الاستدعاءات', 'أسماء', 'والموقوفين', 'بالإشارة', 'موقوفين']), filters: {} });
    const y = year();
    out.push({ kind: 'number', q: p([String(y), indic(String(y)), `${1 + Math.floor(r() * 28)}/${1 + Math.floor(r() * 12)}/${y}`, String(100 + Math.floor(r() * 9900))]), filters: {} });
    // ﺑﺄﺳﻤﺎﺀ ﺍﻟﻤﻮﻗﻮﻓﻴﻦ ﻭﺍﻟﻤﻄﻠﻮﺑﻴﻦ ﺍﻻﺳﺘﺪﻋﺎﺀﺍﺕ ﺳﺠﻦ ﺻﻴﺪﻧﺎﻳﺎ ﺍﻷﺳﻌﺪ
    out.push({ kind: 'presentation', q: p(['\ufe91\ufe84\ufeb3\ufee4\ufe8e\ufe80', '\ufe8d\ufedf\ufee4\ufeee\ufed7\ufeee\ufed3\ufef4\ufee6', '\ufeed\ufe8d\ufedf\ufee4\ufec4\ufee0\ufeee\ufe91\ufef4\ufee6', '\ufe8d\ufefb\ufeb3\ufe98\ufeaa\ufecb\ufe8e\ufe80\ufe8e\ufe95', '\ufeb3\ufea0\ufee6 \ufebb\ufef4\ufeaa\ufee7\ufe8e\ufef3\ufe8e', '\ufe8d\ufef7\ufeb3\ufecc\ufeaa']), filters: {} });
    out.push({ kind: 'rom-arabic', q: p(['Sabag', 'Sabbagh', 'Dabagh', 'Halaby', 'Khateeb', 'Hurani', 'Abdulrahman', 'Abd al-Rahman Sabbagh', 'Zoabi', 'Bitar']), filters: {} });
  }
  return out;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** Loads without secondary indexes, then builds them (the usual bulk-load order), and reports the times. */
async function loadFresh(loader: postgres.Sql) {
  const indexes = await loader<{ indexname: string; indexdef: string }[]>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'public' AND i.tablename IN ('segments', 'mentions', 'search_terms', 'documents', 'pages', 'entities')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
  for (const ix of indexes) await loader.unsafe(`DROP INDEX ${ix.indexname}`);
  await loader.unsafe(`SET session_replication_role = replica`); // generated rows are consistent; skip FK triggers while loading
  const loadStart = performance.now();
  const loaded = await load(loader);
  await loader.unsafe(`SET session_replication_role = DEFAULT`);
  const indexStart = performance.now();
  await loader.unsafe(`SET maintenance_work_mem = '256MB'`);
  for (const ix of indexes) await loader.unsafe(ix.indexdef);
  const indexMs = performance.now() - indexStart;
  const vacuumStart = performance.now();
  await loader.unsafe(`VACUUM ANALYZE`);
  const vacuumMs = performance.now() - vacuumStart;
  const loadMs = performance.now() - loadStart;
  console.log(`\nLoad: ${docCount.toLocaleString('en')} documents, ${loaded.lineCount.toLocaleString('en')} lines, ${loaded.mentionCount.toLocaleString('en')} tags`);
  console.log(`  rows (COPY, incl. generation and tsvector columns): ${(loaded.rowsMs / 1000).toFixed(1)} s`);
  console.log(`  indexes (${indexes.length}): ${(indexMs / 1000).toFixed(1)} s, VACUUM ANALYZE: ${(vacuumMs / 1000).toFixed(1)} s, total load time: ${(loadMs / 1000).toFixed(1)} s`);
  return loaded;
}

/** A kept database: counts what is there (migrations were applied by the caller). */
async function reused(loader: postgres.Sql) {
  await loader.unsafe(`VACUUM ANALYZE`);
  const [counts] = (await loader`SELECT (SELECT count(*) FROM segments)::int AS lines, (SELECT count(*) FROM mentions)::int AS tags,
    (SELECT id FROM users WHERE email = 'bench-researcher@example.test') AS researcher`) as unknown as [{ lines: number; tags: number; researcher: number }];
  console.log(`\nReusing ${dbName}: ${counts.lines.toLocaleString('en')} lines, ${counts.tags.toLocaleString('en')} tags (no load)`);
  return { rowsMs: 0, lineCount: counts.lines, mentionCount: counts.tags, adminId: 0, researcherId: counts.researcher };
}

/** Keystroke → painted page of results, in Chromium, served by the app on the benchmark database. */
async function measureInBrowser(databaseUrl: string, researcherId: number, mix: BenchQuery[]) {
  if (process.env.BENCH_BROWSER === '0') return;
  if (!hasChromium) {
    console.log(`\nBrowser: skipped (no Chromium at ${chromiumPath})`);
    return;
  }
  if (process.env.SIJILL_SKIP_WEB_BUILD !== '1') {
    await build({ configFile: join(import.meta.dirname, '../../../web/vite.config.ts'), logLevel: 'warn' });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sijill-bench-search-'));
  process.env.SIJILL_LOG = 'silent';
  const server = await startSijill({ ...loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, SIJILL_LOG: 'silent' }), port: 0, host: '127.0.0.1', ocrWorkers: 0 });
  const browser = await launchChromium();
  try {
    const token = randomBytes(32).toString('base64url');
    await insertSession(server.deps.database.db, secretHash(token), researcherId, new Date(Date.now() + sessionTtlMs));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addCookies([{ name: sessionCookie, value: token, url: server.url }]);
    const page = await context.newPage();
    const unitFilter = (b: BenchQuery) => {
      const params = new URLSearchParams();
      if (b.filters.entityIds?.length) params.set('unit', b.filters.entityIds.join(','));
      if (b.filters.dateFrom) params.set('from', b.filters.dateFrom);
      if (b.filters.dateTo) params.set('to', b.filters.dateTo);
      return params.toString();
    };
    const timings: number[] = [];
    const byKind = new Map<string, number[]>();
    const sample = mix.slice(0, 60);
    for (const [i, b] of [...sample.slice(0, 5), ...sample].entries()) {
      await page.goto(`${server.url}/search?${unitFilter(b)}`);
      const box = page.locator('#search-q');
      await box.waitFor();
      await box.fill(b.q);
      const shown = page.locator('.render-time[data-render-ms]');
      await shown.waitFor({ timeout: 30_000 });
      const ms = Number(await shown.getAttribute('data-render-ms'));
      if (i < 5) continue; // warm-up: first bundle load, plans
      timings.push(ms);
      byKind.set(b.kind, [...(byKind.get(b.kind) ?? []), ms]);
    }
    console.log(`\nBrowser (Chromium, researcher, ${timings.length} queries typed into /search): keystroke → page of results painted`);
    console.log(`  p50 ${fmt(percentile(timings, 50))}  p95 ${fmt(percentile(timings, 95))}  max ${fmt(Math.max(...timings))}   target < 300 ms: ${percentile(timings, 95) < 300 ? 'met (p95)' : 'NOT met (p95)'}`);
    console.log(`    p95 by kind: ${[...byKind].map(([k, v]) => `${k} ${fmt(percentile(v, 95))}`).join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const t0 = performance.now();
  console.log(`bench:search — ${docCount.toLocaleString('en')} documents on ${new URL(serverUrl).host}, database ${dbName}`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`SELECT 1 FROM pg_database WHERE datname = ${dbName}`).length > 0;
  if (reuse && !exists) throw new Error(`BENCH_REUSE=1 but there is no database ${dbName}; run once with BENCH_KEEP=1.`);
  if (!reuse) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
  }
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;

  const handle = await createDb({ databaseUrl: url.toString(), dataDir: null });
  await handle.migrate();
  const loader = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const loaded = reuse ? await reused(loader) : await loadFresh(loader);

    const sizes = await loader<{ name: string; size: string; bytes: number }[]>`
      SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size, pg_relation_size(c.oid)::bigint AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'i' AND (c.relname LIKE '%search%' OR c.relname LIKE 'mentions%')
      ORDER BY pg_relation_size(c.oid) DESC`;
    const [tables] = await loader`SELECT pg_size_pretty(pg_total_relation_size('segments')) AS segments, pg_size_pretty(pg_total_relation_size('mentions')) AS mentions, pg_size_pretty(pg_database_size(current_database())) AS db`;
    console.log('\nIndex sizes:');
    for (const s of sizes) console.log(`  ${s.name.padEnd(44)} ${s.size}`);
    console.log(`  segments table with indexes: ${tables!.segments}; mentions: ${tables!.mentions}; whole database: ${tables!.db}`);

    const db = handle.db;
    const researcher: SessionUser = { id: loaded.researcherId, email: 'bench-researcher@example.test', name: 'Bench researcher', role: 'researcher', canCertify: false };
    const mix = queryMix();
    const run = async (b: BenchQuery) => {
      const s = performance.now();
      const r = await runSearch(db, researcher, { q: b.q, filters: b.filters, limit: 20, offset: 0 });
      return { ms: performance.now() - s, lines: r.totals.lines, documents: r.totals.documents };
    };

    // Warm-up: one pass over the mix (caches, plans), not counted.
    for (const b of mix) await run(b);
    const latencies: number[] = [];
    const byKind = new Map<string, { ms: number[]; docs: number[] }>();
    for (let pass = 0; pass < 2; pass++) {
      for (const b of mix) {
        const r = await run(b);
        latencies.push(r.ms);
        const k = byKind.get(b.kind) ?? { ms: [], docs: [] };
        k.ms.push(r.ms);
        k.docs.push(r.documents);
        byKind.set(b.kind, k);
      }
    }
    console.log(`\nLatency, one client, ${latencies.length} searches (runSearch as a researcher: compile, 20 lines with highlights, totals, facets):`);
    console.log(`  p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(Math.max(...latencies))}   target p95 < 150 ms: ${percentile(latencies, 95) < 150 ? 'met' : 'NOT met'}`);
    for (const [kind, k] of byKind) {
      console.log(`  ${kind.padEnd(16)} n=${String(k.ms.length).padEnd(4)} p50 ${fmt(percentile(k.ms, 50)).padEnd(10)} p95 ${fmt(percentile(k.ms, 95)).padEnd(10)} matched documents median ${percentile(k.docs, 50)}, max ${Math.max(...k.docs)}`);
    }

    // The same mix through the two halves the client can request in parallel: the page of lines
    // (what is drawn first) and totals + facets (drawn when they arrive).
    const halves = { lines: [] as number[], facets: [] as number[] };
    const linesByKind = new Map<string, number[]>();
    for (const b of mix) {
      let s = performance.now();
      await runSearchLines(db, researcher, { q: b.q, filters: b.filters, limit: 20, offset: 0 });
      halves.lines.push(performance.now() - s);
      linesByKind.set(b.kind, [...(linesByKind.get(b.kind) ?? []), performance.now() - s]);
      s = performance.now();
      await runSearchFacets(db, researcher, { q: b.q, filters: b.filters });
      halves.facets.push(performance.now() - s);
    }
    console.log(`  split, ${mix.length} searches each: GET /api/search/lines p50 ${fmt(percentile(halves.lines, 50))} p95 ${fmt(percentile(halves.lines, 95))} p99 ${fmt(percentile(halves.lines, 99))}; /api/search/facets p50 ${fmt(percentile(halves.facets, 50))} p95 ${fmt(percentile(halves.facets, 95))}`);
    console.log(`    lines p95 by kind: ${[...linesByKind].map(([k, v]) => `${k} ${fmt(percentile(v, 95))}`).join(', ')}`);

    // The research view's counts (charts over time, by unit, person, place): exact, over every matching document.
    const research: number[] = [];
    for (const b of [{ q: '', filters: {} }, ...mix.slice(0, 40)]) {
      const s = performance.now();
      await aggregateSearch(db, researcher, { q: b.q, filters: b.filters, interval: 'month', top: 20 });
      research.push(performance.now() - s);
    }
    console.log(`  research view (GET /api/search/aggregates, ${research.length} queries incl. the whole archive): p50 ${fmt(percentile(research, 50))} p95 ${fmt(percentile(research, 95))}; whole archive ${fmt(research[0]!)}`);

    const clients = 8;
    const total = mix.length * 2;
    let next = 0;
    const concurrentLatencies: number[] = [];
    const cStart = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (;;) {
          const i = next++;
          if (i >= total) return;
          concurrentLatencies.push((await run(mix[i % mix.length]!)).ms);
        }
      }),
    );
    const cMs = performance.now() - cStart;
    console.log(`\nThroughput, ${clients} concurrent clients, ${total} searches: ${(total / (cMs / 1000)).toFixed(1)} searches/s; latency p50 ${fmt(percentile(concurrentLatencies, 50))}, p95 ${fmt(percentile(concurrentLatencies, 95))}`);

    console.log('\nEXPLAIN ANALYZE (representative queries):');
    const explain = async (title: string, b: BenchQuery) => {
      const compiled = await compileQuery(db, parseSearchQuery(b.q));
      for (const [part, stmt] of [
        ['results page', searchLinesSql(researcher, compiled, b.filters, { limit: 20, offset: 0 })],
        ['totals + facets', searchFacetsSql(researcher, compiled, b.filters)],
      ] as const) {
        const res = await db.execute(sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${stmt}`);
        const lines = rowsOf<{ 'QUERY PLAN': string }>(res).map((r) => r['QUERY PLAN']);
        console.log(`\n-- ${title}: ${JSON.stringify(b.q)} ${Object.keys(b.filters).length ? JSON.stringify(b.filters) : ''} — ${part}`);
        // The scans of the big tables and the timing; the full plan is long (facets are a UNION of eight parts).
        console.log(lines.filter((l) => /(Bitmap Index Scan|Bitmap Heap Scan|Index (Only )?Scan using \S+|Seq Scan) on (segments|mentions)|using segments|HashSetOp|Execution Time|Planning Time/.test(l)).join('\n'));
      }
    };
    await explain('Arabic name, variant spelling', mix.find((m) => m.kind === 'name-ar-variant')!);
    await explain('romanized name', mix.find((m) => m.kind === 'name-romanized')!);
    await explain('phrase', mix.find((m) => m.kind === 'phrase')!);
    await explain('filtered by unit and date range', mix.find((m) => m.kind === 'filtered')!);
    await explain('word with proclitics expanded', mix.find((m) => m.kind === 'prefixed')!);
    await explain('romanized name into untranslated Arabic', mix.find((m) => m.kind === 'rom-arabic')!);

    await measureInBrowser(url.toString(), loaded.researcherId, mix);
  } finally {
    await loader.end();
    await handle.close();
    if (!keep) {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await cleanup.end();
    }
  }
  console.log(`\nbench:search finished in ${((performance.now() - t0) / 1000).toFixed(0)} s${keep ? ` (database ${dbName} kept)` : ''}`);
}

// Importable (the query mix) without running.
if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) await main();
