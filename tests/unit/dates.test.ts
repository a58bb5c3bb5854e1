import { CalendarDate, GregorianCalendar, IslamicUmalquraCalendar, toCalendar } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import { findDates, hijriToIso, parseDate } from '../../api/text/dates';

const iso = (text: string) => findDates(text).map((d) => [text.slice(d.start, d.end), d.iso, d.precision, d.calendar]);

describe('dates → ISO', () => {
  it('reads dd/mm/yyyy with Latin and Arabic-Indic (and Persian) digits, day first', () => {
    expect(iso('التاريخ: 05/03/2016')).toEqual([['05/03/2016', '2016-03-05', 'day', 'gregorian']]);
    expect(iso('التاريخ: ٥/٣/٢٠١٦')).toEqual([['٥/٣/٢٠١٦', '2016-03-05', 'day', 'gregorian']]);
    expect(iso('بتاريخ ۲۴/۵/۲۰۱۶.')).toEqual([['۲۴/۵/۲۰۱۶', '2016-05-24', 'day', 'gregorian']]);
    expect(iso('5-3-2016 و 5.3.2016')).toEqual([
      ['5-3-2016', '2016-03-05', 'day', 'gregorian'],
      ['5.3.2016', '2016-03-05', 'day', 'gregorian'],
    ]);
  });

  it('reads every Levantine month name, and the Egyptian names', () => {
    const levantine = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
    levantine.forEach((month, i) => {
      const text = `بتاريخ 5 ${month} 2016 نتيجة`;
      expect(iso(text)).toEqual([[`5 ${month} 2016`, `2016-${String(i + 1).padStart(2, '0')}-05`, 'day', 'gregorian']]);
    });
    expect(parseDate('١٩ تشرين الثاني ٢٠٢١')?.iso).toBe('2021-11-19');
    expect(parseDate('5 مارس 2016')?.iso).toBe('2016-03-05');
    // Spelled without hamza/madda, as typists and OCR often do.
    expect(parseDate('5 اذار 2016')?.iso).toBe('2016-03-05');
    expect(parseDate('7 ايلول 2013م')?.iso).toBe('2013-09-07');
  });

  it('converts Hijri dates with @internationalized/date (Umm al-Qura)', () => {
    expect(iso('12 رمضان 1437 هـ')).toEqual([['12 رمضان 1437 هـ', '2016-06-17', 'day', 'hijri']]);
    // The library itself, as the check: 12 Ramadan 1437 → 17 June 2016.
    const lib = toCalendar(new CalendarDate(new IslamicUmalquraCalendar(), 1437, 9, 12), new GregorianCalendar()).toString();
    expect(hijriToIso(1437, 9, 12)).toBe(lib);
    expect(parseDate('١ محرم ١٤٣٨ه')?.iso).toBe(toCalendar(new CalendarDate(new IslamicUmalquraCalendar(), 1438, 1, 1), new GregorianCalendar()).toString());
    expect(parseDate('15 ذو الحجة 1440 هجري')?.calendar).toBe('hijri');
    expect(parseDate('3 جمادى الأولى 1435 هـ')?.iso).toBe(hijriToIso(1435, 5, 3));
  });

  it('reads a month name OCR misread by one letter, unless it could be two months', () => {
    expect(parseDate('3 نيساب 2023')?.iso).toBe('2023-04-03');
    expect(parseDate('3 تشرين الثاتي 2020')?.iso).toBe('2020-11-03');
    expect(parseDate('12 رمضاب 1437 هـ')).toEqual({ iso: '2016-06-17', precision: 'day', calendar: 'hijri' });
    expect(findDates('لديه 5 ابناء 2016')).toEqual([]);
  });

  it('keeps month-and-year dates partial', () => {
    expect(iso('خلال شهر آذار 2016 تم')).toEqual([['آذار 2016', '2016-03', 'month', 'gregorian']]);
    expect(iso('في 03/2016')).toEqual([['03/2016', '2016-03', 'month', 'gregorian']]);
    expect(parseDate('رمضان 1437 هـ')).toEqual({ iso: '2016-06', precision: 'month', calendar: 'hijri' });
  });

  it('rejects impossible dates and numbers that are not dates', () => {
    expect(findDates('31/02/2016')).toEqual([]);
    expect(findDates('32 آذار 2016')).toEqual([]);
    expect(findDates('الرقم: 9425/ص مواليد 1977 رقم 7984')).toEqual([]);
    expect(findDates('12/05/1850')).toEqual([]);
    expect(findDates('123/05/2016')).toEqual([]);
  });

  it('gives UTF-16 offsets into the text as written, with tatweel and diacritics inside', () => {
    const text = 'صدر بتاريخ ١٢ رمضـان ١٤٣٧ هـ.';
    const [d] = findDates(text);
    expect(text.slice(d!.start, d!.end)).toBe('١٢ رمضـان ١٤٣٧ هـ');
    expect(d!.iso).toBe('2016-06-17');
  });
});

describe('numeric dates with an era marker, year first, and numeric Hijri', () => {
  it('reads a glued or spaced era letter as part of the date', () => {
    expect(iso('حتى 13/12/1996م')).toEqual([['13/12/1996م', '1996-12-13', 'day', 'gregorian']]);
    expect(iso('بتاريخ ١٧/٠٧/١٩٩٦م')).toEqual([['١٧/٠٧/١٩٩٦م', '1996-07-17', 'day', 'gregorian']]);
    expect(iso('حتى 13/12/1996 م وبعدها')).toEqual([['13/12/1996 م', '1996-12-13', 'day', 'gregorian']]);
    expect(iso('في 03/2016م')).toEqual([['03/2016م', '2016-03', 'month', 'gregorian']]);
  });

  it('converts numeric Hijri dates in either order, any separator and digit set (Umm al-Qura)', () => {
    for (const text of ['١٤٤٠/٠٧/٢٦ هـ', '٢٦/٠٧/١٤٤٠ هـ', '١٤٤٠/٠٧/٢٦هـ', '26-07-1440ه', '۱۴۴۰.۷.۲۶ هجري']) {
      expect(iso(`صدر في ${text} عن الفرع`), text).toEqual([[text, '2019-04-02', 'day', 'hijri']]);
    }
    expect(hijriToIso(1440, 7, 26)).toBe('2019-04-02');
    expect(parseDate('07/1440 هـ')).toEqual({ iso: '2019-03', precision: 'month', calendar: 'hijri' });
  });

  it('reads year-first Gregorian dates', () => {
    expect(iso('2016/03/05 و ٢٠١٦-٣-٥')).toEqual([
      ['2016/03/05', '2016-03-05', 'day', 'gregorian'],
      ['٢٠١٦-٣-٥', '2016-03-05', 'day', 'gregorian'],
    ]);
  });

  it('still leaves references and Hijri-range years without a marker alone', () => {
    expect(findDates('الرقم 1541/342 و 9271/ص والكتاب 1541/342/ص')).toEqual([]);
    expect(findDates('26/07/1440')).toEqual([]);
    expect(findDates('رقم 2016/12/45')).toEqual([]);
  });
});
