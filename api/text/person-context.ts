/**
 * Facts about a person that the line itself states next to the name, offered as the new
 * entity's attributes when a first-seen name is accepted: the father's name from `X بن Y Z`,
 * the birth year from `مواليد 1977` / `تولد 1977`, the detention number from `رقم 7984`.
 * Defaults only: whatever the user sends wins.
 */
import { normalizeArabic } from './arabic';

export type PersonFacts = { fatherName?: string; birthYear?: number; detentionNumber?: string };

export function personFactsFromLine(line: string, start: number, end: number): PersonFacts {
  const facts: PersonFacts = {};
  const words = line.slice(start, end).trim().split(/\s+/);
  const link = words.findIndex((w, i) => i > 0 && ['بن', 'بنت', 'ابن'].includes(normalizeArabic(w)));
  if (link > 0 && link + 1 < words.length - 1) {
    // `عبد الله` and the like are one name.
    const compound = ['عبد', 'ابو', 'ابي'].includes(normalizeArabic(words[link + 1]!)) && link + 2 < words.length - 1;
    facts.fatherName = words.slice(link + 1, link + (compound ? 3 : 2)).join(' ');
  }
  const after = normalizeArabic(line.slice(end));
  const born = /^[\s،,]*(?:من\s+)?(?:مواليد|تولد|المولود\s+(?:عام|سنه|في))\s*:?\s*(\d{4})(?!\d)/.exec(after);
  if (born && Number(born[1]) >= 1900 && Number(born[1]) <= 2030) facts.birthYear = Number(born[1]);
  const number = /^[\s،,]*(?:رقم|برقم|رقمه)\s*:?\s*(\d{1,10})(?!\d)/.exec(after);
  if (number) facts.detentionNumber = number[1];
  return facts;
}
