import { describe, expect, it } from 'vitest';
import { editMap, mapSpan } from '../../api/text/offsets';

/** Where the tag [start, end) of `before` lands in `after`, as the text it covers. */
const follow = (before: string, tagged: string, after: string) => {
  const start = before.indexOf(tagged);
  const span = mapSpan(editMap(before, after), start, start + tagged.length);
  return span ? after.slice(span.start, span.end) : null;
};

describe('tag offsets follow edits', () => {
  it('moves with text inserted or deleted before the tag, and ignores edits after it', () => {
    expect(follow('الموقوف وائل الحسين في القابون', 'وائل الحسين', 'الموقوف السيد وائل الحسين في القابون')).toBe('وائل الحسين');
    expect(follow('الموقوف وائل الحسين في القابون', 'وائل الحسين', 'وائل الحسين في القابون')).toBe('وائل الحسين');
    expect(follow('الموقوف وائل الحسين في القابون', 'وائل الحسين', 'الموقوف وائل الحسين في داريا')).toBe('وائل الحسين');
  });

  it('keeps text typed right at its edges outside the tag', () => {
    expect(follow('المدعو وائل الحسين', 'وائل', 'المدعو ابو وائل الحسين')).toBe('وائل');
    expect(follow('الفرع 235 بدمشق', 'الفرع 235', 'الفرع 235/ب بدمشق')).toBe('الفرع 235');
  });

  it('keeps a corrected letter inside the tag, also its first or last letter', () => {
    expect(follow('نقل إلى فرع فلسطبن اليوم', 'فرع فلسطبن', 'نقل إلى فرع فلسطين اليوم')).toBe('فرع فلسطين');
    expect(follow('المدعو محمد الحلبى هنا', 'محمد الحلبى', 'المدعو محمد الحلبي هنا')).toBe('محمد الحلبي');
    expect(follow('المدعو مخمد الحلبي هنا', 'مخمد الحلبي', 'المدعو محمد الحلبي هنا')).toBe('محمد الحلبي');
  });

  it('drops a tag whose text was deleted', () => {
    expect(follow('وائل الحسين في القابون بتاريخ', 'القابون', 'وائل الحسين بتاريخ')).toBeNull();
    expect(follow('القابون', 'القابون', '')).toBeNull();
  });

  it('counts UTF-16 code units (a character outside the BMP before the tag moves it by two)', () => {
    expect(follow('x الفرع 248', 'الفرع 248', '𝒙 الفرع 248')).toBe('الفرع 248');
    const map = editMap('a الفرع', '𝒙a الفرع');
    expect(mapSpan(map, 2, 7)).toEqual({ start: 4, end: 9 });
  });

  it('leaves spans alone when nothing changed', () => {
    expect(mapSpan(editMap('abc', 'abc'), 1, 2)).toEqual({ start: 1, end: 2 });
  });
});
