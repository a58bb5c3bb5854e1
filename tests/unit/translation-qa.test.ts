/**
 * The number and date checks in both directions: what the Arabic has and the English lost or
 * changed (`number_missing`, `date_missing`), and what the English has that the Arabic does not
 * (`number_added`, `date_added`). A value rendered differently is one finding, not one each way.
 */
import { describe, expect, it } from 'vitest';
import { checkLine } from '../../api/translation/qa';

const qa = (text: string, translation: string) =>
  checkLine({ id: 1, text, translation, status: 'translated' }).map((i) => [i.check, i.severity, i.params] as const);

describe('QA numbers and dates, Arabic to English and back', () => {
  it('flags a date the English has and the Arabic does not, in either English spelling', () => {
    expect(qa('التاريخ:', 'Date: 4 May 2016')).toEqual([['date_added', 'error', { date: '4 May 2016', iso: '2016-05-04' }]]);
    expect(qa('التاريخ:', 'Date: 2016-05-04')).toEqual([['date_added', 'error', { date: '2016-05-04', iso: '2016-05-04' }]]);
    // A second date beside the one the Arabic has.
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'on 4 May 2016, received 5 May 2016')).toEqual([['date_added', 'error', { date: '5 May 2016', iso: '2016-05-05' }]]);
  });

  it('flags a number the English has and the Arabic does not, counting repeats', () => {
    expect(qa('الرقم: ٩٨١٥/ص', 'No.: 9815/S, file 44')).toEqual([['number_added', 'error', { number: '44' }]]);
    expect(qa('الموقوف رقم 12', 'Detainee No. 12 (12)')).toEqual([['number_added', 'error', { number: '12' }]]);
  });

  it('reports a value written differently once, as missing or different, not also as added', () => {
    expect(qa('الرقم: ٩٨١٥', 'No. 9851')).toEqual([['number_missing', 'error', { number: '9815' }]]);
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'on 5 May 2016')).toEqual([['date_missing', 'error', { date: '٤/٥/٢٠١٦', iso: '2016-05-04' }]]);
    // One changed, one added: a finding each.
    expect(qa('الرقم: ٩٨١٥', 'No. 9851, file 44')).toEqual([
      ['number_missing', 'error', { number: '9815' }],
      ['number_added', 'error', { number: '44' }],
    ]);
  });

  it('tells a slip (a digit or date part changed, digits swapped) from a value the English put in place of another', () => {
    expect(qa('الرقم: ٦١٢٠', 'No. 6210')).toEqual([['number_missing', 'error', { number: '6120' }]]);
    expect(qa('الرقم: ٦١٢٠', 'No. 6121')).toEqual([['number_missing', 'error', { number: '6120' }]]);
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'on 5 April 2016')).toEqual([['date_missing', 'error', { date: '٤/٥/٢٠١٦', iso: '2016-05-04' }]]);
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'in May 2016')).toEqual([['date_missing', 'error', { date: '٤/٥/٢٠١٦', iso: '2016-05-04' }]]);
    // Nothing alike: two facts, each said.
    expect(qa('الرقم: ٦١٢٠', 'No. 44')).toEqual([
      ['number_missing', 'error', { number: '6120' }],
      ['number_added', 'error', { number: '44' }],
    ]);
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'on 1 January 2020')).toEqual([
      ['date_missing', 'error', { date: '٤/٥/٢٠١٦', iso: '2016-05-04' }],
      ['date_added', 'error', { date: '1 January 2020', iso: '2020-01-01' }],
    ]);
  });

  it('finds nothing where both sides carry the same numbers and dates, whatever the digits and spelling', () => {
    expect(qa('الرقم: ٧٧٣٠/ص   التاريخ: 3 نيسان 2019', 'No.: 7730/S   Date: 3 April 2019')).toEqual([]);
    // The digits of an English date are the date, not numbers the Arabic lacks.
    expect(qa('بتاريخ ٤/٥/٢٠١٦', 'on 2016-05-04')).toEqual([]);
    expect(qa('بتاريخ 31/2/2020', 'on 31/2/2020')).toEqual([]);
  });
});
