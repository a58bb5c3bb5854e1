import { describe, expect, it } from 'vitest';
import { toCsv } from '../../api/exchange/csv';
import { parseSearchQuery } from '../../api/search/query';
import { romanizedKey, romanizedKeyPattern, romanizedWords } from '../../api/text/romanize';

describe('search query language', () => {
  it('parses words, phrases, prefixes, exclusions and OR', () => {
    expect(parseSearchQuery('محمد "الفرع 235" الموقو* -سجن Aleppo OR Halab')).toEqual({
      clauses: [
        { negate: false, any: [{ kind: 'word', text: 'محمد' }] },
        { negate: false, any: [{ kind: 'phrase', text: 'الفرع 235' }] },
        { negate: false, any: [{ kind: 'prefix', text: 'الموقو' }] },
        { negate: true, any: [{ kind: 'word', text: 'سجن' }] },
        { negate: false, any: [{ kind: 'word', text: 'Aleppo' }, { kind: 'word', text: 'Halab' }] },
      ],
    });
  });

  it('keeps in-word hyphens and dates, drops stray punctuation and unclosed quotes gracefully', () => {
    expect(parseSearchQuery('al-Khatib، 05/03/2016 («سجن صيدنايا')).toEqual({
      clauses: [
        { negate: false, any: [{ kind: 'word', text: 'al-Khatib' }] },
        { negate: false, any: [{ kind: 'word', text: '05/03/2016' }] },
        { negate: false, any: [{ kind: 'word', text: 'سجن' }] },
        { negate: false, any: [{ kind: 'word', text: 'صيدنايا' }] },
      ],
    });
    expect(parseSearchQuery('"سجن صيدنايا').clauses).toEqual([{ negate: false, any: [{ kind: 'phrase', text: 'سجن صيدنايا' }] }]);
    expect(parseSearchQuery('  ، . - " " ').clauses).toEqual([]);
  });
});

describe('romanized name keys', () => {
  it('gives one key to common romanizations of the same name', () => {
    const same = [
      ['Mohammad al-Khatib', 'Mohamed Khatib', 'Muhammad el-Khateeb'],
      ['Wael al-Halabi', "Wa'il Halaby"],
      ['Yousef al-Masri', 'Yusuf Masri', 'Youssef al-Masri'],
      ['Hussein', 'Husayn'],
      ['Qasim', 'Kassem'],
    ];
    for (const group of same) expect(new Set(group.map(romanizedKey)).size, group.join(' / ')).toBe(1);
    expect(romanizedKey('Khaled')).not.toBe(romanizedKey('Khalil'));
    expect(romanizedKey('Mohammad al-Khatib')).not.toBe(romanizedKey('Mohammad al-Halabi'));
  });

  it('reports word spans in the original text', () => {
    const text = 'The named Mohammad al-Khatib, born 1984';
    const words = romanizedWords(text);
    const khatib = words.find((w) => w.key === 'xtb')!;
    expect(text.slice(khatib.start, khatib.end)).toBe('Khatib');
  });

  it('pre-filters spellings with a regular expression that every spelling of the key matches', () => {
    const re = new RegExp(romanizedKeyPattern(romanizedKey('Mohamed Khatib')).replace(/\\m/g, '\\b'), 'i');
    for (const s of ['Mohammad al-Khatib', 'Muhammad el-Khateeb', 'MOHAMED KHATIB']) expect(re.test(s), s).toBe(true);
    expect(re.test('Ahmad al-Halabi')).toBe(false);
  });
});

describe('CSV export', () => {
  it('quotes, keeps Arabic as is and defuses formulas', () => {
    const csv = toCsv(['a', 'b'], [['الفرع 235، دمشق', '=HYPERLINK("x")'], [1, 'line\nbreak']]);
    expect(csv).toBe('\uFEFFa,b\r\nالفرع 235، دمشق,"\'=HYPERLINK(""x"")"\r\n1,"line\nbreak"\r\n');
  });
});
