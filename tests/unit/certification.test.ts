import { describe, expect, it } from 'vitest';
import { custodyCsv, type CustodyEvent } from '../../api/certification/custody';
import { checkTemplate, defaultDeclarationTemplate, renderDeclaration } from '../../api/certification/declaration';
import { visualRuns } from '../../api/certification/pdf/bidi-text';
import { describeLines, snapshotHash } from '../../api/certification/snapshot';
import type { Snapshot } from '../../db/schema';

describe('visual order of a line (bidi runs)', () => {
  it('puts the number of an Arabic line to its left, as a left-to-right run', () => {
    expect(visualRuns('الفرع 235', 'rtl')).toEqual([
      { text: '235', dir: 'ltr', mirrored: undefined },
      { text: 'الفرع ', dir: 'rtl', mirrored: undefined },
    ]);
  });

  it('keeps Arabic-Indic dates left to right inside Arabic text', () => {
    const runs = visualRuns('التاريخ: ٤/٥/٢٠١٦', 'rtl');
    expect(runs[0]).toEqual({ text: '٤/٥/٢٠١٦', dir: 'ltr', mirrored: undefined });
    expect(runs.at(-1)!.dir).toBe('rtl');
  });

  it('mirrors brackets in right-to-left text, and only there', () => {
    const runs = visualRuns('المدعو (محمد)', 'rtl');
    expect(
      runs
        .filter((r) => r.mirrored)
        .map((r) => r.text)
        .sort(),
    ).toEqual(['(', ')']);
    expect(visualRuns('see (this)', 'ltr')).toEqual([{ text: 'see (this)', dir: 'ltr', mirrored: undefined }]);
  });

  it('reverses the order of Arabic words in a Latin line', () => {
    const runs = visualRuns('Branch فرع الأمن here', 'ltr');
    expect(runs.map((r) => r.text)).toEqual(['Branch ', 'فرع الأمن', ' here']);
    expect(runs[1]!.dir).toBe('rtl');
  });
});

describe('snapshot hash', () => {
  const snapshot: Snapshot = {
    v: 1,
    documentId: 7,
    originals: ['a'.repeat(64)],
    lines: [{ segmentId: 1, pageNo: 1, lineNo: 1, version: 3, text: 'الفرع 235', translation: 'Branch 235' }],
  };

  it('does not depend on key order, and changes with any line field', () => {
    const reordered = JSON.parse(JSON.stringify({ lines: snapshot.lines, originals: snapshot.originals, documentId: 7, v: 1 })) as Snapshot;
    expect(snapshotHash(reordered)).toBe(snapshotHash(snapshot));
    expect(snapshotHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [{ version: 4 }, { text: 'الفرع 236' }, { translation: 'Branch 236' }]) {
      expect(snapshotHash({ ...snapshot, lines: [{ ...snapshot.lines[0]!, ...change }] })).not.toBe(snapshotHash(snapshot));
    }
    expect(snapshotHash({ ...snapshot, originals: ['b'.repeat(64)] })).not.toBe(snapshotHash(snapshot));
  });

  it('names unreviewed lines by page and line, with ranges', () => {
    expect(
      describeLines([
        { pageNo: 1, lineNo: 3 },
        { pageNo: 1, lineNo: 4 },
        { pageNo: 1, lineNo: 5 },
        { pageNo: 1, lineNo: 9 },
        { pageNo: 2, lineNo: 1 },
      ]),
    ).toBe('page 1 lines 3–5, 9; page 2 line 1');
    const many = Array.from({ length: 40 }, (_, i) => ({ pageNo: 1, lineNo: i + 1 }));
    expect(describeLines(many)).toBe('page 1 lines 1–30 and 10 more');
  });
});

describe('declaration template', () => {
  it('fills every placeholder of the default template', () => {
    const text = renderDeclaration(defaultDeclarationTemplate, {
      certifier: 'C',
      credential: ', sworn',
      sourceLanguage: 'Arabic',
      targetLanguage: 'English',
      documentTitle: 'T',
      archiveRef: 'R',
      originalSha256: 'f'.repeat(64),
      pageCount: '2',
      translators: 'A and B',
      confirmations: ', with translation-memory suggestions confirmed by E',
      reviewers: 'D',
      place: 'The Hague',
      date: '2026-01-02',
    });
    expect(text).not.toMatch(/\{\{/);
    expect(text).toContain('true and accurate translation');
    expect(text).toContain('f'.repeat(64));
  });

  it('refuses a template with an unknown placeholder', () => {
    expect(() => checkTemplate('I, {{certifier}}, {{badge}}')).toThrow(/badge/);
    expect(() => checkTemplate(defaultDeclarationTemplate)).not.toThrow();
  });
});

describe('custody CSV', () => {
  it('quotes fields and defuses spreadsheet formulas', () => {
    const event: CustodyEvent = {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: { id: 1, name: '=HYPERLINK("x")', role: 'admin' },
      action: 'document.uploaded',
      targetType: 'document',
      targetId: '1',
      payload: { v: 1, a: 'b,c' },
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
      intact: true,
    };
    const [header, row] = custodyCsv([event]).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header!.split(',')).toHaveLength(12);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"{""v"":1,""a"":""b,c""}"');
  });
});
