import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runPretranslate } from '../../api/cli/pretranslate';
import { seedEnglishForms, seedRegisterEntries } from '../../api/entities/seed-register';
import { arabicWordKey, romanizeArabicName, romanizedKey } from '../../api/text/romanize';
import { SuggestionEngine } from '../../api/text/suggest';
import { TranslationMemory } from '../../api/translation/memory';
import { dateStyleOf, findPlaceables, nameSpans, renderDate } from '../../api/translation/placeables';
import { readTmx, writeTmx } from '../../api/translation/tmx';
import { isKnownGivenName } from '../../api/text/romanize';

const forms = seedEnglishForms();
const engine = new SuggestionEngine(seedRegisterEntries());
const memoryOf = (pairs: Array<[string, string, number?]>) => {
  const tm = new TranslationMemory({ engine, aliasesOf: (id) => forms.get(String(id))?.slice(1) ?? [] });
  pairs.forEach(([source, target, collectionId], i) => tm.add({ source, target, origin: { kind: 'segment', id: i + 1, collectionId: collectionId ?? 1 } }));
  return tm;
};

describe('romanizer: names in the project convention, one skeleton for Arabic and Latin', () => {
  it('romanizes a name by table and rule: article al- with a hyphen, bin, common given names', () => {
    expect(romanizeArabicName('غسان بن عادل الدباغ')).toBe('Ghassan bin Adel al-Dabbagh');
    expect(romanizeArabicName('عبد الله بن محمد الحلبي')).toBe('Abdullah bin Mohammad al-Halabi');
    expect(romanizeArabicName('سامر المصري')).toBe('Samer al-Masri');
    // Rule only (no table entry): a CCāC family name with the article doubles its middle consonant.
    expect(romanizeArabicName('مروان الكسار')).toBe('Marwan al-Kassar');
  });

  it('gives an Arabic word the skeleton its English spellings have', () => {
    for (const [ar, en] of [['الحلبي', 'al-Halabi'], ['يوسف', 'Yousef'], ['عثمان', 'Othman'], ['الحريري', 'Hariri'], ['قباني', 'Qabbani']]) {
      expect(arabicWordKey(ar!)).toBe(romanizedKey(en!));
    }
  });
});

describe('placeables', () => {
  it('finds dates, numbers, register units and places, and names after a trigger or a known given name', () => {
    const line = 'نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 3761 في دوما بتاريخ ٥/٣/٢٠١٦ لدى الفرع 235';
    const found = findPlaceables(line, { engine, isGivenName: isKnownGivenName }).map((p) => [p.kind, line.slice(p.start, p.end), p.iso ?? p.value]);
    expect(found).toEqual([
      ['person', 'غسان بن عادل الدباغ', 'غسان بن عادل الدباغ'],
      ['number', '3761', '3761'],
      ['place', 'دوما', 'entity:place:douma'],
      ['date', '٥/٣/٢٠١٦', '2016-03-05'],
      ['unit', 'الفرع 235', 'entity:unit:branch-235'],
    ]);
    // Without a trigger word, a known given name starts a name; على (on) is not علي (Ali).
    const plain = 'وائل الحسين في القابون';
    expect(findPlaceables(plain, { engine, isGivenName: isKnownGivenName }).filter((p) => p.kind === 'person').map((p) => plain.slice(p.start, p.end))).toEqual(['وائل الحسين']);
    expect(findPlaceables('القبض على المدعو', { engine, isGivenName: isKnownGivenName })).toEqual([]);
  });

  it('finds a name in English by its skeleton, ending on a word of the name', () => {
    const en = 'Ibrahim bin Abdullah al-Hariri in Qaboun on 21 November 2019.';
    const [best] = nameSpans('إبراهيم بن عبد الله الحريري', en);
    expect(en.slice(best!.start, best!.end)).toBe('Ibrahim bin Abdullah al-Hariri');
  });

  it('writes a date in the style an English translation used', () => {
    expect(renderDate('2019-04-03', dateStyleOf('May 14, 2016'))).toBe('April 3, 2019');
    expect(renderDate('2019-04-03', dateStyleOf('04/05/2016'))).toBe('03/04/2019');
    expect(renderDate('2019-04-03', dateStyleOf('14 May 2016'))).toBe('3 April 2019');
    expect(renderDate('2019-04-03', dateStyleOf('2016-05-14'))).toBe('2019-04-03');
    expect(renderDate('2019-04', dateStyleOf('14 May 2016'))).toBe('April 2019');
  });
});

describe('translation memory', () => {
  const tm = memoryOf([
    ['نعلمكم بوفاة الموقوف محمود درويش رقم 7984', 'We inform you of the death of detainee Mahmoud Darwish, No. 7984,'],
    ['بتاريخ 14/05/2016 نتيجة توقف القلب والتنفس.', 'on May 14, 2016 as a result of cardiac and respiratory arrest.'],
    ['سري للغاية', 'Top secret'],
    ['الجمهورية العربية السورية', 'Syrian Arab Republic', 2],
  ]);

  it('translates a formula seen once with a new name, number and date (another spelling), in the memory’s date style', () => {
    const a = tm.suggest('نعلمكم بوفاة الموقوف غسان بن عادل الدباغ رقم 1520')!;
    expect(a).toMatchObject({ translation: 'We inform you of the death of detainee Ghassan bin Adel al-Dabbagh, No. 1520,', score: 99, origin: 'substituted' });
    expect(a.placeables.map((p) => p.english)).toEqual(['Ghassan bin Adel al-Dabbagh', '1520']);
    const b = tm.suggest('بتاريخ 3 نيسان 2019 نتيجة توقف القلب والتنفس.')!;
    expect(b.translation).toBe('on April 3, 2019 as a result of cardiac and respiratory arrest.');
    expect(tm.suggest('سري للغاية')).toMatchObject({ translation: 'Top secret', score: 100, origin: 'exact' });
  });

  it('scores a fuzzy match below 99 and shows the source difference word by word', () => {
    const s = tm.suggest('بتاريخ 3 نيسان 2019 نتيجة توقف القلب.')!;
    expect(s.origin).toBe('fuzzy');
    expect(s.score).toBeGreaterThanOrEqual(50);
    expect(s.score).toBeLessThan(99);
    expect(s.diff).toContainEqual({ op: 'delete', text: 'والتنفس' });
    expect(s.diff).toContainEqual({ op: 'placeable', text: '3 نيسان 2019' });
    expect(tm.suggest('كلام لا علاقة له بشيء')).toBeNull();
  });

  it('never suggests from a collection the reader may not see', () => {
    expect(tm.suggest('الجمهورية العربية السورية', { allowed: (c) => c === 2 })?.translation).toBe('Syrian Arab Republic');
    expect(tm.suggest('الجمهورية العربية السورية', { allowed: (c) => c === 1 })).toBeNull();
  });

  it('renders a line of placeables alone from the register and the romanizer', () => {
    expect(tm.suggest('الفرع 251')).toMatchObject({ translation: 'Branch 251', origin: 'placeables' });
    expect(tm.suggest('غسان بن عادل الدباغ')).toMatchObject({ translation: 'Ghassan bin Adel al-Dabbagh', origin: 'placeables', score: 75 });
  });

  it('follows the spellings of names its own translations use', () => {
    const own = memoryOf([['1- محمد الحلبي مواليد 1977', '1- Mohammed al-Halabi, born 1977']]);
    expect(own.suggest('2- محمد الكسار مواليد 1980')?.translation).toBe('2- Mohammed al-Kassar, born 1980');
  });

  it('spells names only as the collections a reader may see spell them', () => {
    const own = memoryOf([
      ['1- محمود درويش مواليد 1970', '1- Mahmoud Darwish, born 1970', 1],
      ['1- محمد الحلبي مواليد 1977', '1- Mohammed al-Halabi, born 1977', 2],
    ]);
    const line = '2- محمد الكسار مواليد 1980';
    expect(own.suggest(line, { allowed: (c) => c === 2 })?.translation).toBe('2- Mohammed al-Kassar, born 1980');
    expect(own.suggest(line, { allowed: (c) => c === 1 })?.translation).toBe('2- Mohammad al-Kassar, born 1980');
    expect(own.romanizeName('محمد الكسار', (c) => c === 1)).toBe('Mohammad al-Kassar');
  });
});

describe('translation memory and register changes', () => {
  const zaytouna = { id: 9001, kind: 'place' as const, canonicalEn: 'Zaytouna Village', names: ['قرية الزيتونة'] };
  const safsaf = { id: 9002, kind: 'place' as const, canonicalEn: 'Safsaf Village', names: ['قرية الصفصاف'] };
  const line = ['نقل الموقوف إلى قرية الزيتونة', 'The detainee was transferred to al-Zaytouna'] as const;

  it('reads again the entries whose words became a register entry, and those of an entry that changed', () => {
    const tm = new TranslationMemory({ engine: new SuggestionEngine([]) });
    tm.add({ source: line[0], target: line[1], origin: { kind: 'segment', id: 1, collectionId: 1 } });
    tm.add({ source: 'الجمهورية العربية السورية', target: 'Syrian Arab Republic', origin: { kind: 'segment', id: 2, collectionId: 1 } });
    // Both places registered, with the English the entry used as an alias.
    const registered = new SuggestionEngine([zaytouna, safsaf]);
    const aliases = (id: number | string) => (id === 9001 ? ['al-Zaytouna'] : []);
    expect(tm.followRegister(registered, aliases, { ids: [9001, 9002], names: [...zaytouna.names, ...safsaf.names] })).toBe(1);
    expect(tm.suggest('نقل الموقوف إلى قرية الصفصاف')).toMatchObject({ translation: 'The detainee was transferred to Safsaf Village', origin: 'substituted' });
    // An English alias removed: the entries holding that entry are read again, and the place is fixed in them.
    expect(tm.followRegister(registered, () => [], { ids: [9001], names: [] })).toBe(1);
    expect(tm.suggest('نقل الموقوف إلى قرية الصفصاف')?.translation).toBe(line[1]);
    // Nothing read again for a change no entry holds.
    expect(tm.followRegister(registered, () => [], { ids: [424242], names: ['مكان آخر'] })).toBe(0);
  });

  it('leaves out hidden register entries as if the register did not hold them', () => {
    const person = { id: 77, kind: 'person' as const, canonicalEn: 'Samer W. an-Nuri', names: ['سامر بن وليد النوري'] };
    const tm = new TranslationMemory({ engine: new SuggestionEngine([person]) });
    tm.add({ source: 'نعلمكم بوفاة الموقوف رامي بن حسن العلي رقم 4410', target: 'We inform you of the death of detainee Rami bin Hassan al-Ali, No. 4410,', origin: { kind: 'segment', id: 1, collectionId: 1 } });
    const text = 'نعلمكم بوفاة الموقوف سامر بن وليد النوري رقم 5120';
    expect(tm.registerIdsIn(text)).toEqual([77]);
    expect(tm.suggest(text)?.translation).toBe('We inform you of the death of detainee Samer W. an-Nuri, No. 5120,');
    expect(tm.suggest(text, { hidden: (id) => id === 77 })?.translation).toBe('We inform you of the death of detainee Samer bin Walid al-Nouri, No. 5120,');
  });
});

describe('TMX 1.4b', () => {
  it('reads Arabic and English with any region, drops inline codes, skips units without both', () => {
    const { units, skipped } = readTmx(`<?xml version="1.0"?><tmx version="1.4"><header srclang="ar-SY" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
      <tu changedate="20240131T101500Z"><tuv xml:lang="AR-sy"><seg>الفرع <bpt i="1">&lt;b&gt;</bpt>235<ept i="1">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang="en-GB"><seg>Branch <hi>235</hi></seg></tuv></tu>
      <tu><tuv xml:lang="fr"><seg>x</seg></tuv><tuv xml:lang="en"><seg>y</seg></tuv></tu></body></tmx>`);
    expect(units).toMatchObject([{ source: 'الفرع 235', target: 'Branch 235', changedAt: new Date('2024-01-31T10:15:00Z') }]);
    expect(skipped).toBe(1);
    expect(() => readTmx('<tmx><body>')).toThrow(/not a well-formed TMX/);
    expect(() => readTmx('<xliff/>')).toThrow(/not TMX/);
  });

  it('round-trips what it writes, markup characters included', () => {
    const xml = writeTmx([{ source: 'سري للغاية', target: 'Top secret <&> "x"', collection: 'Fictional' }], { toolVersion: '0.1.0' });
    expect(xml).toContain('<tuv xml:lang="ar">');
    expect(readTmx(xml).units).toMatchObject([{ source: 'سري للغاية', target: 'Top secret <&> "x"' }]);
  });
});

describe('npx sijill pretranslate --tmx', () => {
  it('prints one JSON object per input line, in order, empty with score 0 when nothing matches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-tmx-'));
    const file = join(dir, 'memory.tmx');
    writeFileSync(file, writeTmx([{ source: 'نعلمكم بوفاة الموقوف محمود درويش رقم 7984', target: 'We inform you of the death of detainee Mahmoud Darwish, No. 7984,' }], { toolVersion: 'test' }));
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    input.end('نعلمكم بوفاة الموقوف سامر المصري رقم 12\nلا شيء هنا\n');
    expect(await runPretranslate(['--tmx', file], { input, output, error: new PassThrough() })).toBe(0);
    expect(printed.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { line: 1, translation: 'We inform you of the death of detainee Samer al-Masri, No. 12,', score: 99, origin: 'substituted' },
      { line: 2, translation: '', score: 0, origin: 'none' },
    ]);
  });
});
