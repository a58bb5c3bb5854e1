/**
 * The date set of `npm run bench:annotate`: lines written the ways dates appear in the archive's
 * documents, with the gold span (UTF-16) and ISO value of every date, and numbers that are not
 * dates beside them (references 1541/342 and 9271/ص, birth years, counts, phone numbers, year
 * ranges). Generated from a fixed seed, so the set is the same on every run; the gold values
 * come from the generator's own day (Hijri through @internationalized/date's Umm al-Qura
 * calendar, the reference the parser is checked against), never from the parser.
 *
 * Forms: day-first and year-first numeric dates with / - or . , Latin, Arabic-Indic or Persian
 * digits, zero-padded or not; the Gregorian era marker م glued on, spaced or absent; numeric
 * Hijri dates with هـ / ه / هجري glued or spaced in either order; Levantine, Egyptian and Hijri
 * month names with and without a day; plus a few lines as the issue quotes them.
 */
import { CalendarDate, GregorianCalendar, IslamicUmalquraCalendar, toCalendar } from '@internationalized/date';
import { indicDigits } from '../arabic';

export type GoldDate = { start: number; end: number; iso: string };
export type DateLine = { text: string; dates: GoldDate[] };

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const levantine = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول'];
const egyptian = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
const hijriMonths = ['محرم', 'صفر', 'ربيع الأول', 'ربيع الآخر', 'جمادى الأولى', 'جمادى الآخرة', 'رجب', 'شعبان', 'رمضان', 'شوال', 'ذو القعدة', 'ذو الحجة'];

const digitSets = {
  latin: (s: string) => s,
  indic: indicDigits,
  persian: (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))),
};

/** Words around a date, `{D}` where it goes, `{N}` a number that is not a date. */
const contexts = [
  'بتاريخ {D}',
  'حتى {D}',
  'التاريخ: {D}',
  'الرقم: {N}/ص   التاريخ: {D}',
  'تم توقيف المذكور في {D} بموجب الكتاب رقم {N}/{N}',
  'صدر في دمشق {D} عن الفرع {N}',
  'المدعو سليم الحداد مواليد {Y} أوقف بتاريخ {D}',
  'نعلمكم بوفاة الموقوف بتاريخ {D} وعددهم {n} موقوفين',
  'للاستعلام الهاتف {P} والتاريخ {D}',
  'خلال الفترة 2012-2013 وحتى {D}',
  '{D}',
];

const pad2 = (n: number) => String(n).padStart(2, '0');
const iso = (d: CalendarDate) => toCalendar(d, new GregorianCalendar()).toString();

export function dateFormsSet(count = 400, seed = 14_2019): DateLine[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const lines: DateLine[] = [];
  for (let i = 0; i < count; i++) {
    const digits = pick(Object.values(digitSets));
    const day = new CalendarDate(int(2011, 2024), int(1, 12), int(1, 28));
    const form = rnd();
    let shown: string;
    let value: string;
    if (form < 0.45) {
      // Gregorian numeric
      const sep = pick(['/', '/', '-', '.']);
      const padded = rnd() < 0.6;
      const [d, m] = padded ? [pad2(day.day), pad2(day.month)] : [String(day.day), String(day.month)];
      const body = rnd() < 0.8 ? `${d}${sep}${m}${sep}${day.year}` : `${day.year}${sep}${pad2(day.month)}${sep}${pad2(day.day)}`;
      shown = digits(body) + pick(['', '', 'م', ' م']);
      value = day.toString();
    } else if (form < 0.65) {
      // Hijri numeric (Umm al-Qura)
      const h = toCalendar(day, new IslamicUmalquraCalendar());
      const sep = pick(['/', '/', '-', '.']);
      const body = rnd() < 0.5 ? `${h.year}${sep}${pad2(h.month)}${sep}${pad2(h.day)}` : `${pad2(h.day)}${sep}${pad2(h.month)}${sep}${h.year}`;
      shown = digits(body) + pick(['هـ', ' هـ', ' ه', 'ه', ' هجري']);
      value = iso(h);
    } else if (form < 0.85) {
      // Gregorian month name, with or without the day
      const names = rnd() < 0.7 ? levantine : egyptian;
      const withDay = rnd() < 0.8;
      shown = digits(`${withDay ? `${day.day} ` : ''}${names[day.month - 1]} ${day.year}`) + pick(['', '', ' م', 'م']);
      value = withDay ? day.toString() : `${day.year}-${pad2(day.month)}`;
    } else {
      // Hijri month name
      const h = toCalendar(day, new IslamicUmalquraCalendar());
      shown = digits(`${h.day} ${hijriMonths[h.month - 1]} ${h.year}`) + pick([' هـ', 'هـ', ' ه']);
      value = iso(h);
    }
    const template = pick(contexts);
    const at = template.indexOf('{D}');
    const fill = (t: string) =>
      t
        .replace(/\{N\}/g, () => String(int(100, 99999)))
        .replace(/\{Y\}/g, () => String(int(1950, 2000)))
        .replace(/\{n\}/g, () => String(int(2, 40)))
        .replace(/\{P\}/g, () => `011/${int(2000000, 6999999)}`);
    const beforeText = fill(template.slice(0, at));
    const afterText = fill(template.slice(at + 3));
    lines.push({ text: beforeText + shown + afterText, dates: [{ start: beforeText.length, end: beforeText.length + shown.length, iso: value }] });
  }
  // As the issue quotes them, and lines with numbers only.
  const quoted: Array<[string, string | null]> = [
    ['حتى 13/12/1996م', '1996-12-13'],
    ['بتاريخ ١٧/٠٧/١٩٩٦م', '1996-07-17'],
    ['صدر بتاريخ ١٤٤٠/٠٧/٢٦ هـ', '2019-04-02'],
    ['صدر بتاريخ ٢٦/٠٧/١٤٤٠ هـ', '2019-04-02'],
    ['صدر بتاريخ ١٤٤٠/٠٧/٢٦هـ', '2019-04-02'],
    ['التاريخ: ٨/٤/٢٠١٥', '2015-04-08'],
    ['الرقم 1541/342 تاريخ الكتاب 9271/ص', null],
    ['عدد الموقوفين 12 من أصل 2015 اسماً', null],
  ];
  for (const [text, value] of quoted) {
    if (!value) {
      lines.push({ text, dates: [] });
      continue;
    }
    const m = /[\d\u0660-\u0669]{1,4}[/.\-][\d\u0660-\u0669]{1,2}[/.\-][\d\u0660-\u0669]{1,4}(?:\s?(?:هـ|م))?/u.exec(text)!;
    lines.push({ text, dates: [{ start: m.index, end: m.index + m[0].length, iso: value }] });
  }
  return lines;
}
