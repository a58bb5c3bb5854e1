/**
 * Small, general orthographic corrections of recogniser output (no document-specific words).
 *
 * Final yā' and alif maqṣūra: the recogniser often loses the two dots of a word-final ي and
 * writes ى (العسكرى for العسكري). In Levantine typed documents a definite noun or adjective that
 * ends in ى is rare and belongs to a closed set of common words (المشفى، المستوى، الأولى…);
 * nisba adjectives and most names end in ي. So a definite word ending in ى that is not one of
 * those is given its dots back. Indefinite words are left alone (على، إلى، لدى، يرجى are common).
 */
const DEFINITE_MAQSURA = new Set(
  [
    'مشفى', 'مستشفى', 'مستوى', 'مبنى', 'معنى', 'أولى', 'اولى', 'أخرى', 'اخرى', 'كبرى', 'صغرى', 'عظمى', 'قصوى', 'دنيا',
    'منتدى', 'ملتقى', 'مقهى', 'ملهى', 'مرمى', 'مسعى', 'مجرى', 'مرسى', 'منحنى', 'مصطفى', 'موسيقى', 'ذكرى', 'دعوى',
    'شكوى', 'فتوى', 'بشرى', 'حمى', 'قرى', 'أسرى', 'اسرى', 'جرحى', 'قتلى', 'مرضى', 'موتى', 'فوضى', 'ضحى', 'هدى',
    'أعلى', 'اعلى', 'أدنى', 'ادنى', 'أقصى', 'اقصى', 'أقوى', 'اقوى', 'مثنى', 'مأوى', 'ماوى', 'مستقى', 'منفى', 'مغزى',
    'مدى', 'ندى', 'صدى', 'رؤى', 'عصا', 'كرى', 'ثرى', 'يحيى', 'موسى', 'عيسى', 'ليلى', 'سلمى', 'منى', 'نجوى',
  ].map((w) => `ال${w}`),
);

export function fixFinalYa(word: string): string {
  if (!word.endsWith('ى') || word.length < 4) return word;
  const core = word.replace(/^(?:[وفبكل]?)(?=ال)/, '');
  if (!core.startsWith('ال') || DEFINITE_MAQSURA.has(core)) return word;
  return word.slice(0, -1) + 'ي';
}

/** Short vowel marks that typed administrative text does not use; the recogniser invents them. */
const SHORT_VOWELS = /[\u064E\u064F\u0650\u0652]/g;

/**
 * A word that is nothing but an Arabic-Indic zero is a full stop. Arabic print sets the full stop
 * as a small dot or diamond at mid-height, the zero's very shape, and the recogniser writes «٠»
 * for it (al-Muqtabas and OCLC 1036721166 end sentences so: «سنة ١٨١٤ ٠ وتغلبت»); the digit
 * reader then took the lone dot for a digit too («٥» or «4»). A zero that is part of a number is
 * inside the number's word; a table cell holding only a zero is read again by the digit reader
 * (engine.ts numericColumns).
 */
export const FULL_STOP = '.';

export function cleanWord(word: string): string {
  if (word === '٠') return FULL_STOP;
  return fixFinalYa(word.replace(SHORT_VOWELS, ''));
}

/**
 * The Arabic comma «،» comes back from the Arabic model as a closing guillemet, glued to the word
 * before it («الجبل،» → «الجبل»») or standing alone where the print sets a space before it
 * («ثوره ، ولا» → «ثوره » ولا»): in printed books it is a small raised mark of nearly that
 * shape. A closing guillemet while no «« is open in the line is that comma (a quotation opened on
 * the line before and closed on this one is changed too, the price of the rule). `words` are one
 * line's words in reading order; returns them with such guillemets written «،». Measured with
 * bench:ocr on saved readings of the tuning halves, against the rule's first form (glued to an
 * Arabic letter only): OpenITI printed-book lines 8.84 → 8.43 % CER, OpenITI pages 10.54 → 10.24
 * %, al-Muqtabas even pages 13.63 → 13.48 %, their hard pages 13.46 → 13.26 %, al-Muqtabas lines
 * 13.41 → 13.14 %; OCLC 1036721166 issues 2–3, corpus and layout pages unchanged. (The first
 * form against none: OpenITI lines 10.18 → 9.79 %, al-Muqtabas even pages 13.65 → 13.63 %.)
 */
export function commasReadAsGuillemets(words: string[]): string[] {
  let open = false;
  return words.map((word) =>
    [...word]
      .map((c) => {
        if (c === '«') open = true;
        if (c !== '»') return c;
        if (!open) return '،';
        open = false;
        return c;
      })
      .join(''),
  );
}
