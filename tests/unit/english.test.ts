import { describe, expect, it } from 'vitest';
import { findEnglishDates, findForms, pairInTranslation } from '../../api/text/english';

describe('the English side of tags', () => {
  it('reads English dates: day month year, month day year, day-first numbers, ISO, month and year', () => {
    const text = 'Date: 4 May 2016; on May 4th, 2016; 04/05/2016; 2016-05-04; during Sept. 2016; on 31 February 2016';
    expect(findEnglishDates(text).map((d) => [text.slice(d.start, d.end), d.iso])).toEqual([
      ['4 May 2016', '2016-05-04'],
      ['May 4th, 2016', '2016-05-04'],
      ['04/05/2016', '2016-05-04'],
      ['2016-05-04', '2016-05-04'],
      ['Sept. 2016', '2016-09'],
    ]);
  });

  it('finds forms as whole words, case-insensitively, the longest first', () => {
    const text = 'Transferred from Branch 2350 to the palestine branch, then Branch 235.';
    expect(findForms(text, ['Branch 235', 'Palestine Branch']).map((h) => text.slice(h.start, h.end))).toEqual(['palestine branch', 'Branch 235']);
  });

  it('pairs each Arabic tag with its own rendering, in order, never twice the same span', () => {
    const translation = 'Ali al-Masri and Ali al-Masri (his cousin) were held at Branch 251 since 5 March 2016.';
    const pairs = pairInTranslation(translation, [
      { key: 1, kind: 'person', entityId: 9, normalized: null, forms: ['Ali al-Masri'] },
      { key: 2, kind: 'person', entityId: 9, normalized: null, forms: ['Ali al-Masri'] },
      { key: 3, kind: 'unit', entityId: 4, normalized: null, forms: ['Branch 251', 'Internal Branch'] },
      { key: 4, kind: 'date', entityId: null, normalized: '2016-03-05', forms: [] },
      { key: 5, kind: 'date', entityId: null, normalized: '2016-03-06', forms: [] },
    ]);
    expect(pairs.map((p) => [p.key, translation.slice(p.start, p.end)])).toEqual([
      [1, 'Ali al-Masri'],
      [2, 'Ali al-Masri'],
      [3, 'Branch 251'],
      [4, '5 March 2016'],
    ]);
    expect(pairs[0]!.start).not.toBe(pairs[1]!.start);
    // A span already tagged is not offered again.
    expect(pairInTranslation(translation, [{ key: 3, kind: 'unit', entityId: 4, normalized: null, forms: ['Branch 251'] }], [{ start: 56, end: 66 }])).toEqual([]);
  });
});
