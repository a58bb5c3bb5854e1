import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAnnotate } from '../../api/cli/annotate';
import { seedRegisterEntries } from '../../api/entities/seed-register';
import { SuggestionEngine } from '../../api/text/suggest';

type Gold = { line: number; start: number; end: number; text: string; type: string; normalized: string };
const corpusDir = join(import.meta.dirname, '..', 'fixtures', 'corpus', 'clean');
const doc = (name: string) => JSON.parse(readFileSync(join(corpusDir, `${name}.json`), 'utf8')) as { lines: string[]; entities: Gold[] };
const seed = () => new SuggestionEngine(seedRegisterEntries());
const spans = (engine: SuggestionEngine, text: string, previous?: string) =>
  engine.annotate(text, { previous }).map((m) => ({ text: text.slice(m.start, m.end), type: m.type, normalized: m.normalized }));

describe('suggestion engine', () => {
  it('finds every annotated date, unit, place and name of corpus documents, with offsets and values', () => {
    const engine = seed();
    for (const name of ['doc-01-000', 'doc-01-004', 'doc-01-005', 'doc-01-006', 'doc-01-027']) {
      const d = doc(name);
      d.lines.forEach((line, i) => {
        const found = engine.annotate(line, { previous: d.lines[i - 1] });
        for (const g of d.entities.filter((e) => e.line === i)) {
          const hit = found.find((f) => f.start === g.start && f.end === g.end && f.type === g.type);
          expect(hit, `${name}:${i} ${g.type}`).toBeDefined();
          if (g.type === 'date') expect(hit!.normalized).toBe(g.normalized);
        }
      });
    }
  });

  it('uses the one normalizer: hamza, ta marbuta, alef maqsura, diacritics, tatweel and Arabic-Indic digits all match, offsets point into the original', () => {
    const engine = seed();
    expect(spans(engine, 'أحيل إلى ادارة المخابرات الجويه اليوم')).toEqual([{ text: 'ادارة المخابرات الجويه', type: 'unit', normalized: 'Air Force Intelligence Directorate' }]);
    expect(spans(engine, 'نقل إلى الفرع ٢٤٨ صباحاً')).toEqual([{ text: 'الفرع ٢٤٨', type: 'unit', normalized: 'Branch 248' }]);
    expect(spans(engine, 'نقل إلى مَشفى تِشرين العَسكري')).toEqual([{ text: 'مَشفى تِشرين العَسكري', type: 'unit', normalized: 'Tishreen Military Hospital' }]);
    expect(spans(engine, 'في سجـــن صيدنايا')).toEqual([{ text: 'سجـــن صيدنايا', type: 'unit', normalized: 'Saydnaya Military Prison' }]);
    // A proclitic stays outside the span; ل + ال keeps the whole word.
    expect(spans(engine, 'وفرع فلسطين')).toEqual([{ text: 'فرع فلسطين', type: 'unit', normalized: 'Branch 235' }]);
    expect(spans(engine, 'للشرطة العسكرية')).toEqual([{ text: 'للشرطة العسكرية', type: 'unit', normalized: 'Military Police' }]);
  });

  it('tolerates OCR letter errors in register names but never in numbers', () => {
    const engine = seed();
    expect(spans(engine, 'أحيل إلى إدارة المخايرات الجوية')).toEqual([{ text: 'إدارة المخايرات الجوية', type: 'unit', normalized: 'Air Force Intelligence Directorate' }]);
    // OCR splits words at lam-alef and joins others: one word more or less still matches.
    expect(spans(engine, 'نقل إلى مشفى تشرين العسكر ي')).toEqual([{ text: 'مشفى تشرين العسكر ي', type: 'unit', normalized: 'Tishreen Military Hospital' }]);
    expect(spans(engine, 'أحيل إلى إدارةالمخابرات الجوية')).toEqual([{ text: 'إدارةالمخابرات الجوية', type: 'unit', normalized: 'Air Force Intelligence Directorate' }]);
    // …but a window never swallows the next word when the name itself matches exactly.
    expect(spans(engine, 'إدارة المخابرات الجوية في')).toEqual([{ text: 'إدارة المخابرات الجوية', type: 'unit', normalized: 'Air Force Intelligence Directorate' }]);
    // Branch 253 is not Branch 235 or 251: suggested as a unit with its own number, no entity.
    const [m] = engine.annotate('الفرع 253');
    expect(m).toMatchObject({ type: 'unit', normalized: 'Branch 253', entityId: null });
  });

  it('finds known people anywhere, fuzzily, but not a known name used as a patronymic', () => {
    const engine = new SuggestionEngine([...seedRegisterEntries(), { id: 7, kind: 'person', canonicalEn: 'Samer al-Hussein', names: ['سامر الحسين'] }]);
    expect(engine.annotate('شاهدت سامر الحسين أمس')[0]).toMatchObject({ start: 6, end: 17, type: 'person', entityId: 7, normalized: 'Samer al-Hussein', source: 'register' });
    expect(engine.annotate('شاهدت سامر الحسبن أمس')[0]).toMatchObject({ type: 'person', entityId: 7, source: 'fuzzy' });
    // A misread stop word after a known name: the register's span wins over the pattern's run-on.
    expect(spans(engine, 'نعلمكم بوفاة الموقوف سامر الحسين رفم 6701')).toEqual([{ text: 'سامر الحسين', type: 'person', normalized: 'Samer al-Hussein' }]);
    const patronymic = spans(engine, 'نعلمكم بوفاة الموقوف علي بن سامر الحسين رقم 6701');
    expect(patronymic).toEqual([{ text: 'علي بن سامر الحسين', type: 'person', normalized: null }]);
  });

  it('finds first-seen names after المدعو/الموقوف (also across the line break) and in numbered lists, not in ordinary prose', () => {
    const engine = seed();
    expect(spans(engine, 'يوسف الزعبي الموقوف لدى الشرطة العسكرية منذ ٩/٨/٢٠٢٠.', 'يرجى تزويدنا بالمعلومات المتوفرة لديكم عن المدعو')).toEqual([
      { text: 'يوسف الزعبي', type: 'person', normalized: null },
      { text: 'الشرطة العسكرية', type: 'unit', normalized: 'Military Police' },
      { text: '٩/٨/٢٠٢٠', type: 'date', normalized: '2020-08-09' },
    ]);
    expect(spans(engine, '3- وائل بن أيمن الخطيب مواليد 1985')).toEqual([{ text: 'وائل بن أيمن الخطيب', type: 'person', normalized: null }]);
    expect(spans(engine, 'بالمدعو علي المصري')).toEqual([{ text: 'علي المصري', type: 'person', normalized: null }]);
    // OCR dropped the list dash (corpus doc-01-038 as read by Sijill's OCR).
    expect(spans(engine, '3 محمود بن بشير قباني مواليد 1968')).toEqual([{ text: 'محمود بن بشير قباني', type: 'person', normalized: null }]);
    expect(spans(engine, '5 كانون الثاني 2016 تم نقله')).toEqual([{ text: '5 كانون الثاني 2016', type: 'date', normalized: '2016-01-05' }]);
    expect(spans(engine, '12 عنصرا من الفرع')).toEqual([]);
    expect(spans(engine, 'وأحيل إلى قسم التحقيق لإجراء اللازم.')).toEqual([]);
    expect(spans(engine, '1- يرجى تزويدنا بالمعلومات المتوفرة لديكم')).toEqual([]);
    expect(spans(engine, 'رئيس الفرع')).toEqual([]);
    // a first-seen name ends before the time of the event or what the report says of the person
    expect(spans(engine, 'نعلمكم بوفاة المدعو سليم الحداد الساعة العاشرة مساء')).toEqual([{ text: 'سليم الحداد', type: 'person', normalized: null }]);
    expect(spans(engine, 'الموقوف عمر السيد توفي نتيجة أزمة قلبية')).toEqual([{ text: 'عمر السيد', type: 'person', normalized: null }]);
    expect(spans(engine, 'المدعو صباح الخطيب أوقف على الحاجز')).toEqual([{ text: 'صباح الخطيب', type: 'person', normalized: null }]);
  });

  it('covers the whole sample corpus at the issue targets (the benchmark prints the figures)', () => {
    const engine = seed();
    const tally = { date: [0, 0], unit: [0, 0] } as Record<string, [number, number]>;
    for (const f of readdirSync(corpusDir).filter((n) => n.endsWith('.json'))) {
      const d = JSON.parse(readFileSync(join(corpusDir, f), 'utf8')) as { lines: string[]; entities: Gold[] };
      for (const g of d.entities.filter((e) => e.type in tally)) {
        const hit = engine.annotate(d.lines[g.line]!, { previous: d.lines[g.line - 1] }).some((m) => m.start === g.start && m.end === g.end && m.type === g.type);
        tally[g.type]![hit ? 0 : 1]++;
      }
    }
    for (const [type, [hit, miss]] of Object.entries(tally)) expect(hit / (hit + miss), type).toBeGreaterThanOrEqual(0.95);
  });
});

describe('npx sijill annotate', () => {
  it('prints one JSON object per stdin line with UTF-16 offsets, using the previous line as context', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (b: Buffer) => (printed += b.toString('utf8')));
    input.end('قامت دورية بإلقاء القبض على المدعو\r\nوائل الحسين في القابون بتاريخ 12 رمضان 1437 هـ\n\n𝒙 الفرع 227\n');
    expect(await runAnnotate([], { input, output })).toBe(0);
    const out = printed.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toEqual([
      { line: 1, mentions: [] },
      {
        line: 2,
        mentions: [
          { start: 0, end: 11, type: 'person', normalized: null },
          { start: 15, end: 22, type: 'place', normalized: 'Qaboun' },
          { start: 30, end: 46, type: 'date', normalized: '2016-06-17' },
        ],
      },
      { line: 3, mentions: [] },
      { line: 4, mentions: [{ start: 3, end: 12, type: 'unit', normalized: 'Branch 227' }] },
    ]);
  });
});
