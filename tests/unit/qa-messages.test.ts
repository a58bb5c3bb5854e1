/**
 * QA findings are worded by the client from `check` + `params` (web/locales, `qa.<check>`); the
 * server's English `message` is the same sentence for API clients. Both locales must word every
 * check with exactly the values the server sends, and the English must be the server's.
 */
import { describe, expect, it } from 'vitest';
import { checkLine, qaChecks, qaEnglishMessages } from '../../api/translation/qa';
import ar from '../../web/locales/ar.json';
import en from '../../web/locales/en.json';

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const locales = { en: en as { qa?: Record<string, string> }, ar: ar as { qa?: Record<string, string> } };

describe('QA messages', () => {
  it('words every check in English and Arabic with the values the server sends', () => {
    for (const check of qaChecks) {
      expect(locales.en.qa?.[check], check).toBe(qaEnglishMessages[check]);
      const arabic = locales.ar.qa?.[check] ?? '';
      expect(arabic, check).toMatch(/[\u0600-\u06FF]/);
      expect(placeholders(arabic), check).toEqual(placeholders(qaEnglishMessages[check]));
    }
  });

  it('sends each finding as a check with its values, and the English sentence filled from them', () => {
    const text = 'الرقم 4512 بتاريخ ٤/٥/٢٠١٦ في فرع فلسطين';
    const at = text.indexOf('فرع فلسطين');
    const issues = checkLine(
      { id: 7, text, translation: 'No. 4513 on 5 May 2016', status: 'translated' },
      { tags: [{ start: at, end: at + 'فرع فلسطين'.length, forms: ['Palestine Branch'] }], terms: [{ id: 1, source: 'فرع', targets: ['branch'], note: '', origin: 'team', collectionId: 1 }], otherTranslations: ['No. 4512 of 4 May 2016'] },
    );
    const byCheck = Object.fromEntries(issues.map((i) => [i.check, i]));
    expect(byCheck.date_missing).toMatchObject({ params: { date: '٤/٥/٢٠١٦', iso: '2016-05-04' }, message: 'The date ٤/٥/٢٠١٦ (2016-05-04) is missing or different in the translation.' });
    expect(byCheck.number_missing).toMatchObject({ params: { number: '4512' }, message: 'The number 4512 is missing or different in the translation.' });
    expect(byCheck.entity_missing).toMatchObject({ params: { name: 'فرع فلسطين', english: 'Palestine Branch' } });
    expect(byCheck.term_mismatch).toMatchObject({ params: { term: 'فرع', english: 'branch' } });
    expect(byCheck.inconsistent).toMatchObject({ params: { translations: 'No. 4512 of 4 May 2016' }, message: 'The same Arabic is translated differently elsewhere in this collection: “No. 4512 of 4 May 2016”.' });
    for (const i of issues) expect(i.message).not.toMatch(/\{\{/);
  });

  it('words what the English has and the Arabic does not, with the English as written', () => {
    const issues = checkLine({ id: 8, text: 'الرقم: 4512   التاريخ:', translation: 'No.: 4512, file 44   Date: 4 May 2016', status: 'translated' });
    const byCheck = Object.fromEntries(issues.map((i) => [i.check, i]));
    expect(byCheck.number_added).toMatchObject({ severity: 'error', params: { number: '44' }, message: 'The number 44 in the translation is not in the Arabic.' });
    expect(byCheck.date_added).toMatchObject({ severity: 'error', params: { date: '4 May 2016', iso: '2016-05-04' }, message: 'The date 4 May 2016 (2016-05-04) in the translation is not in the Arabic.' });
  });
});
