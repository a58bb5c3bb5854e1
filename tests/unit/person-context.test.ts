import { describe, expect, it } from 'vitest';
import { personFactsFromLine } from '../../api/text/person-context';

const facts = (line: string, name: string) => personFactsFromLine(line, line.indexOf(name), line.indexOf(name) + name.length);

describe('facts next to a name', () => {
  it('reads the father, the birth year and the detention number as the documents write them', () => {
    expect(facts('3- وائل بن أيمن الخطيب مواليد 1985', 'وائل بن أيمن الخطيب')).toEqual({ fatherName: 'أيمن', birthYear: 1985 });
    expect(facts('نعلمكم بوفاة الموقوف علي بن عبد الله الحسين رقم ٦٧٠١', 'علي بن عبد الله الحسين')).toEqual({ fatherName: 'عبد الله', detentionNumber: '6701' });
    expect(facts('1- وائل الحلبي مواليد 1977', 'وائل الحلبي')).toEqual({ birthYear: 1977 });
  });

  it('claims nothing it does not see', () => {
    expect(facts('وائل الحسين في القابون بتاريخ ٢٤/٥/٢٠١٦.', 'وائل الحسين')).toEqual({});
    // `بن` at the end is not a father, and a year far from the name is not a birth year.
    expect(facts('محمد بن مواليد', 'محمد بن')).toEqual({});
    expect(facts('سامر قباني نقل عام 1994', 'سامر قباني')).toEqual({});
  });
});
