// The editor's pure pieces: spans moving with an edit (tags while typing), OCR words located in
// the corrected text, the three-way merge of a conflicted field, and the shortcut table.
import { describe, expect, it } from 'vitest';
import type { Mention } from '../../web/src/api';
import { shortcutFor, shortcuts } from '../../web/src/editor/shortcuts';
import { fieldMarks } from '../../web/src/editor/tag-marks';
import { locateWords, mergeField, shiftSpan } from '../../web/src/lib/spans';

const key = (init: Partial<KeyboardEvent>) =>
  ({ key: '', code: '', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...init }) as KeyboardEvent;

describe('shiftSpan', () => {
  const line = '1- وائل الحلبي مواليد 1977';
  const name = { start: 3, end: 14 }; // وائل الحلبي

  it('keeps a span before the edit and moves one after it', () => {
    expect(shiftSpan(line, `${line} (مصحح)`, name)).toEqual(name);
    expect(shiftSpan(line, `السيد ${line}`, name)).toEqual({ start: 9, end: 20 });
  });

  it('drops a span the edit cut into, until the server says what became of it', () => {
    expect(shiftSpan(line, line.replace('الحلبي', 'الحلبى'), name)).toBeNull();
  });

  it('counts UTF-16 code units, as the API does', () => {
    const before = 'a 𝑥 وائل';
    const span = { start: 5, end: 9 };
    expect(before.slice(span.start, span.end)).toBe('وائل');
    expect(shiftSpan(before, `𝑦${before}`, span)).toEqual({ start: 7, end: 11 });
  });

  it('carries the other fields of the span along', () => {
    expect(shiftSpan('ab', 'xab', { start: 0, end: 2, id: 7 })).toEqual({ start: 1, end: 3, id: 7 });
  });
});

describe('locateWords', () => {
  it('finds the OCR words in reading order and misses the corrected ones', () => {
    const text = 'الفرع 235 الفرع';
    expect(locateWords(text, [{ text: 'الفرع' }, { text: '235' }, { text: 'الفرع' }])).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 9 },
      { start: 10, end: 15 },
    ]);
    expect(locateWords('الفرع 215', [{ text: 'الفرع' }, { text: '235' }])).toEqual([{ start: 0, end: 5 }, null]);
  });
});

describe('mergeField', () => {
  it('takes the side that changed, and leaves a change on both sides to the user', () => {
    expect(mergeField('base', 'base', 'theirs')).toBe('theirs');
    expect(mergeField('base', 'mine', 'base')).toBe('mine');
    expect(mergeField('base', 'same', 'same')).toBe('same');
    expect(mergeField('base', 'mine', 'theirs')).toBeNull();
  });
});

describe('shortcuts', () => {
  it('match by physical key for letters, so an Arabic layout works too', () => {
    expect(shortcutFor(key({ key: 'ح', code: 'KeyH', altKey: true }))).toBe('history');
    expect(shortcutFor(key({ key: 'P', code: 'KeyP', altKey: true, shiftKey: true }))).toBe('tagPerson');
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true }))).toBe('acceptLine');
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true, shiftKey: true }))).toBe('markReviewed');
    expect(shortcutFor(key({ key: 'ArrowDown', altKey: true }))).toBe('nextLine');
    expect(shortcutFor(key({ key: 'ArrowDown' }))).toBeUndefined();
    expect(shortcutFor(key({ key: 'a', code: 'KeyA' }))).toBeUndefined();
  });

  it('give every key combination one meaning', () => {
    const seen = new Map<string, string>();
    for (const s of shortcuts) {
      for (const c of s.combos) {
        const id = JSON.stringify([c.key ?? c.code, !!c.ctrl, !!c.alt, !!c.shift]);
        expect(seen.get(id), `${s.id} and ${seen.get(id)} share ${id}`).toBeUndefined();
        seen.set(id, s.id);
      }
    }
  });
});

describe('fieldMarks: tags under a line as the editor has it', () => {
  const arabic = 'بتاريخ 12/11/2020 نتيجة توقف القلب.';
  const english = 'on 12 November 2020 as a result of cardiac arrest.';
  const tag = (field: 'text' | 'translation', start: number, surface: string) =>
    ({ id: start, field, start, end: start + surface.length, surface, kind: 'date', status: 'suggested', normalized: '2020-11-12' }) as unknown as Mention;
  const arabicDate = tag('text', 7, '12/11/2020');
  const englishDate = tag('translation', 3, '12 November 2020');
  const shown = (marks: ReturnType<typeof fieldMarks>, now: string) => marks.map((m) => now.slice(m.start, m.end));

  it('shows each tag over its words, moved along with what was typed before it', () => {
    const tags = { mentions: [arabicDate, englishDate], base: { text: arabic, translation: english } };
    expect(shown(fieldMarks(tags, 'translation', english), english)).toEqual(['12 November 2020']);
    const typed = `Then ${english}`;
    expect(shown(fieldMarks(tags, 'translation', typed), typed)).toEqual(['12 November 2020']);
    expect(shown(fieldMarks(tags, 'text', arabic), arabic)).toEqual(['12/11/2020']);
  });

  it('leaves out an English tag placed on a translation the editor has not fetched (a pre-translation written since): no empty date chip', () => {
    // The line as the editor read it, before the server pre-translated it; its tags fetched after.
    const stale = { mentions: [arabicDate, englishDate], base: { text: arabic, translation: '' } };
    expect(fieldMarks(stale, 'translation', '')).toEqual([]);
    expect(fieldMarks(stale, 'translation', 'typed meanwhile')).toEqual([]);
    expect(shown(fieldMarks(stale, 'text', arabic), arabic)).toEqual(['12/11/2020']);
  });
});
