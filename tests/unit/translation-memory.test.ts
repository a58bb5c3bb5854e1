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
import { checkLine } from '../../api/translation/qa';
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
    expect(s.diff).toContainEqual({ op: 'delete', text: 'والتنفس', spaceBefore: true });
    expect(s.diff).toContainEqual({ op: 'placeable', text: '3 نيسان 2019', spaceBefore: true });
    // Read back as written: the full stop stays on its word, not ' .' (the runs were joined by spaces).
    const written = (parts: typeof s.diff) => parts.map((p, i) => (i > 0 && p.spaceBefore ? ' ' : '') + p.text).join('');
    expect(written(s.diff.filter((p) => p.op !== 'delete'))).toBe('بتاريخ 3 نيسان 2019 نتيجة توقف القلب.');
    const ref = tm.suggest('نعلمكم بوفاة الموقوف: محمود درويش رقم 7984/ص')!;
    expect(written(ref.diff.filter((p) => p.op !== 'delete'))).toBe('نعلمكم بوفاة الموقوف: محمود درويش رقم 7984/ص');
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

describe('translation memory: a date or number it cannot read or align never takes the memory’s value', () => {
  // Fictional lines. The memory's own values (4512, 4 May 2016, 9 September 2021, 3761, 12) must never
  // reach the English of a line that does not say them.
  const tm = memoryOf([
    ['الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', 'No.: 4512/S   Date: 4 May 2016'],
    ['بتاريخ 9/9/2021 تم توقيف المدعو', 'On 9 September 2021 the named person was arrested'],
    ['الموقوف رقم 3761 في الزنزانة 12', 'Detainee No. 3761 in cell 12'],
    ['وقد تم التحقيق معه أصولاً', 'He was interrogated in due form'],
    ['الجناح 12ب في السجن المركزي', 'Wing 12B of the central prison'],
  ]);
  const memoryValues = /4512|2016|May|2021|September|3761|\b12\b/;
  const qaOf = (text: string, translation: string) =>
    checkLine({ id: 1, text, translation, status: 'suggested' })
      .filter((i) => i.check !== 'suggested')
      .map((i) => [i.check, i.params.number ?? i.params.iso]);

  it('writes a date the parser cannot read as the source writes it, in Latin digits: partial, two-digit year, impossible, month name without a year', () => {
    const cases: Array<[string, string]> = [
      ['الرقم: 7730/ص   التاريخ: 3/4/19', 'No.: 7730/S   Date: 3/4/19'],
      ['الرقم: 7730/ص   التاريخ: ٣/٤/١٩', 'No.: 7730/S   Date: 3/4/19'],
      ['الرقم: 7730/ص   التاريخ: 2019', 'No.: 7730/S   Date: 2019'],
      ['الرقم: 7730/ص   التاريخ: / /2019', 'No.: 7730/S   Date: / /2019'],
      ['الرقم: 7730/ص   التاريخ: 31/2/2020', 'No.: 7730/S   Date: 31/2/2020'],
      ['الرقم: 7730/ص   التاريخ: 3 نيسان', 'No.: 7730/S   Date: 3 نيسان'],
      ['الرقم: 7730/ص   التاريخ: 3 كانون الثاني', 'No.: 7730/S   Date: 3 كانون الثاني'],
      ['بتاريخ 31/2/2020 تم توقيف المدعو', 'On 31/2/2020 the named person was arrested'],
    ];
    for (const [ar, en] of cases) {
      const s = tm.suggest(ar)!;
      expect(s.translation, ar).toBe(en);
      // A changed token is not a substitution the memory vouches for.
      expect(s.origin, ar).toBe('fuzzy');
      expect(qaOf(ar, s.translation), ar).toEqual([]);
    }
  });

  it('keeps both dates of a line that has two where the memory had one, in the source’s order', () => {
    const ar = 'الرقم: 7730/ص   التاريخ: 3/4/2019 و 5/6/2019';
    const s = tm.suggest(ar)!;
    expect(s.translation).toBe('No.: 7730/S   Date: 3 April 2019 و 5 June 2019');
    expect(qaOf(ar, s.translation)).toEqual([]);
  });

  it('drops the memory’s date or number where the new line has none', () => {
    expect(tm.suggest('الرقم: 7730/ص   التاريخ:')!.translation).toBe('No.: 7730/S   Date:');
    expect(tm.suggest('الرقم: /ص   التاريخ: 3/4/2019')!.translation).toBe('No.: /S   Date: 3 April 2019');
    expect(tm.suggest('الموقوف رقم ٤٤١٠ في الزنزانة')!.translation).toBe('Detainee No. 4410 in cell');
    expect(tm.suggest('الموقوف رقم في الزنزانة 14')!.translation).toBe('Detainee No. in cell 14');
  });

  it('keeps every number of a line with more numbers than the memory’s, and never the memory’s own', () => {
    const s = tm.suggest('الموقوف رقم 3761 في الزنزانة 12 و 14')!;
    expect(s.translation).toBe('Detainee No. 3761 in cell 12 و 14');
    const unit = tm.suggest('الموقوف رقم 5120 في الفرع 999')!;
    expect(unit.translation).not.toMatch(memoryValues);
  });

  it('never carries a value the memory wrote in a form it could not align (a code glued to letters)', () => {
    const s = tm.suggest('الجناح 14ب في السجن المركزي');
    expect(s?.translation ?? '').not.toMatch(/12/);
  });

  it('never uses an entry whose English holds a value it could not align for a line that changes that value', () => {
    // The translator wrote 4513 for 4512: the aligner cannot tell where the memory's number is.
    const typo = memoryOf([['الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', 'No.: 4513/S   Date: 4 May 2016']]);
    expect(typo.suggest('الرقم: 7730/ص   التاريخ: 3/4/2019')?.translation ?? '').not.toMatch(/4513/);
    expect(typo.suggest('الرقم: 4512/ص   التاريخ: 3/4/2019')?.translation).toBe('No.: 4513/S   Date: 3 April 2019');
  });

  it('leaves a value it has nowhere to put for a person, and QA flags it on the suggested line', () => {
    const dated = 'وقد تم التحقيق معه أصولاً بتاريخ 3/4/2019';
    const a = tm.suggest(dated)!;
    expect(a.translation).toBe('He was interrogated in due form');
    expect(qaOf(dated, a.translation)).toEqual([['date_missing', '2019-04-03']]);
    const reference = 'الرقم: 4512/ص/17   التاريخ: ٤/٥/٢٠١٦';
    const b = tm.suggest(reference)!;
    expect(b.translation).not.toMatch(/17/);
    expect(qaOf(reference, b.translation)).toEqual([['number_missing', '17']]);
  });

  it('never keeps the memory’s place or person where the new line has one it cannot read', () => {
    const moves = memoryOf([['نقل الموقوف محمود درويش إلى دوما بتاريخ 4/5/2016', 'Detainee Mahmoud Darwish was transferred to Douma on 4 May 2016']]);
    expect(moves.suggest('نقل الموقوف محمود درويش إلى قرية مجهولة بتاريخ 4/5/2016')?.translation).toBe('Detainee Mahmoud Darwish was transferred to on 4 May 2016');
    expect(moves.suggest('نقل الموقوف م. د. إلى دوما بتاريخ 4/5/2016')?.translation).toBe('Detainee was transferred to Douma on 4 May 2016');
  });

  it('never puts a memory value into any suggestion for lines it cannot read', () => {
    for (const ar of ['الرقم: 7730/ص   التاريخ: 3/4/19', 'التاريخ: 2019', 'الرقم: 7730/ص   التاريخ:', 'بتاريخ 3/4/19 تم توقيف المدعو', 'الموقوف رقم في الزنزانة', 'الموقوف رقم 1/2/3/4 في الزنزانة 5/6']) {
      expect(tm.suggest(ar)?.translation ?? '', ar).not.toMatch(memoryValues);
    }
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
    writeFileSync(
      file,
      writeTmx(
        [
          { source: 'نعلمكم بوفاة الموقوف محمود درويش رقم 7984', target: 'We inform you of the death of detainee Mahmoud Darwish, No. 7984,' },
          { source: 'الرقم: 4512/ص   التاريخ: ٤/٥/٢٠١٦', target: 'No.: 4512/S   Date: 4 May 2016' },
        ],
        { toolVersion: 'test' },
      ),
    );
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (d) => (printed += String(d)));
    input.end('نعلمكم بوفاة الموقوف سامر المصري رقم 12\nلا شيء هنا\nالرقم: 7730/ص   التاريخ: ٣/٤/١٩\n');
    expect(await runPretranslate(['--tmx', file], { input, output, error: new PassThrough() })).toBe(0);
    expect(printed.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { line: 1, translation: 'We inform you of the death of detainee Samer al-Masri, No. 12,', score: 99, origin: 'substituted' },
      { line: 2, translation: '', score: 0, origin: 'none' },
      // The server's rendering: a date it cannot read as written, never the memory's.
      { line: 3, translation: 'No.: 7730/S   Date: 3/4/19', score: 84, origin: 'fuzzy' },
    ]);
  });
});
