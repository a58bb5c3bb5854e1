/**
 * The register's starting point: Syrian security and military bodies that appear in the
 * archive, and the places the documents name most. Public nomenclature only (as used in
 * published reports on the detention system, e.g. Human Rights Watch "By All Means Necessary"
 * 2011 and "If the Dead Could Speak" 2015, and the UN Commission of Inquiry on Syria); no
 * personal data. Users add more through the API; a seed row is inserted once (by `seedKey`)
 * and is then an ordinary entity that can be renamed or merged.
 *
 * Aliases are spellings as they appear in documents; matching folds them with the one
 * normalizer, so hamza/ta-marbuta variants need not be listed twice.
 */
export type SeedEntity = {
  seedKey: string;
  kind: 'unit' | 'place';
  canonicalAr: string;
  canonicalEn: string;
  aliasesAr: string[];
  aliasesEn: string[];
  attributes?: Record<string, string | number>;
};

const unit = (seedKey: string, canonicalAr: string, canonicalEn: string, aliasesAr: string[], aliasesEn: string[], attributes?: SeedEntity['attributes']): SeedEntity => ({
  seedKey,
  kind: 'unit',
  canonicalAr,
  canonicalEn,
  aliasesAr,
  aliasesEn,
  attributes,
});
const place = (seedKey: string, canonicalAr: string, canonicalEn: string, aliasesAr: string[] = [], aliasesEn: string[] = []): SeedEntity => ({
  seedKey,
  kind: 'place',
  canonicalAr,
  canonicalEn,
  aliasesAr,
  aliasesEn,
});

export const unitSeeds: SeedEntity[] = [
  // The four intelligence directorates.
  unit('unit:mi', 'شعبة المخابرات العسكرية', 'Military Intelligence Directorate', ['إدارة المخابرات العسكرية', 'المخابرات العسكرية', 'شعبة الاستخبارات العسكرية', 'الأمن العسكري'], ['Military Intelligence', 'Military Security']),
  unit('unit:afi', 'إدارة المخابرات الجوية', 'Air Force Intelligence Directorate', ['المخابرات الجوية', 'إدارة الاستخبارات الجوية', 'الاستخبارات الجوية'], ['Air Force Intelligence']),
  unit('unit:gid', 'إدارة المخابرات العامة', 'General Intelligence Directorate', ['المخابرات العامة', 'إدارة أمن الدولة', 'أمن الدولة'], ['General Intelligence', 'State Security', 'State Security Directorate']),
  unit('unit:psd', 'إدارة الأمن السياسي', 'Political Security Directorate', ['شعبة الأمن السياسي', 'الأمن السياسي'], ['Political Security']),
  // Numbered branches (Military Intelligence unless noted).
  unit('unit:branch-215', 'الفرع 215', 'Branch 215', ['فرع 215', 'فرع المداهمة', 'فرع السرية', 'سرية المداهمة'], ['Raids Branch', 'Raid Branch', 'Branch 215 (Raids)'], { directorate: 'unit:mi' }),
  unit('unit:branch-227', 'الفرع 227', 'Branch 227', ['فرع 227', 'فرع المنطقة', 'فرع منطقة دمشق'], ['Damascus Region Branch', 'Region Branch'], { directorate: 'unit:mi' }),
  unit('unit:branch-235', 'الفرع 235', 'Branch 235', ['فرع 235', 'فرع فلسطين'], ['Palestine Branch', 'Branch 235 (Palestine Branch)'], { directorate: 'unit:mi' }),
  unit('unit:branch-248', 'الفرع 248', 'Branch 248', ['فرع 248', 'فرع التحقيق العسكري'], ['Military Interrogation Branch', 'Military Investigation Branch'], { directorate: 'unit:mi' }),
  unit('unit:branch-251', 'الفرع 251', 'Branch 251', ['فرع 251', 'الفرع الداخلي', 'فرع الخطيب'], ['Internal Branch', 'al-Khatib Branch'], { directorate: 'unit:gid' }),
  unit('unit:branch-285', 'الفرع 285', 'Branch 285', ['فرع 285'], ['General Intelligence Investigation Branch'], { directorate: 'unit:gid' }),
  unit('unit:branch-216', 'الفرع 216', 'Branch 216', ['فرع 216', 'فرع الدوريات'], ['Patrols Branch'], { directorate: 'unit:mi' }),
  unit('unit:branch-291', 'الفرع 291', 'Branch 291', ['فرع 291'], [], { directorate: 'unit:mi' }),
  // Military police, prisons, hospitals.
  unit('unit:mp', 'الشرطة العسكرية', 'Military Police', ['الشرطة العسكرية في القابون', 'فرع الشرطة العسكرية'], ['Military Police Branch']),
  unit('unit:saydnaya', 'سجن صيدنايا العسكري', 'Saydnaya Military Prison', ['سجن صيدنايا', 'صيدنايا العسكري', 'سجن صيدنايا العسكري الأول'], ['Sednaya Prison', 'Saydnaya Prison', 'Sednaya Military Prison']),
  unit('unit:tadmur', 'سجن تدمر العسكري', 'Tadmur Military Prison', ['سجن تدمر'], ['Palmyra Military Prison', 'Tadmor Prison']),
  unit('unit:adra', 'سجن دمشق المركزي', 'Damascus Central Prison (Adra)', ['سجن عدرا', 'سجن عدرا المركزي'], ['Adra Prison', 'Adra Central Prison']),
  unit('unit:hospital-601', 'المشفى العسكري 601', 'Military Hospital 601', ['مشفى 601', 'المشفى 601', 'مستشفى 601', 'المستشفى العسكري 601', 'مشفى المزة العسكري', 'مشفى المزة العسكري 601', 'المشفى 601 العسكري'], ['Mezzeh Military Hospital 601', 'Hospital 601', '601 Military Hospital']),
  unit('unit:tishreen-hospital', 'مشفى تشرين العسكري', 'Tishreen Military Hospital', ['مستشفى تشرين العسكري', 'المشفى العسكري في تشرين', 'مشفى تشرين'], ['Tishreen Hospital', 'Tishrin Military Hospital']),
  unit('unit:harasta-hospital', 'مشفى حرستا العسكري', 'Harasta Military Hospital', ['مستشفى حرستا العسكري'], ['Harasta Hospital']),
];

export const placeSeeds: SeedEntity[] = [
  place('place:damascus', 'دمشق', 'Damascus', ['الشام'], []),
  place('place:rif-dimashq', 'ريف دمشق', 'Rif Dimashq', [], ['Damascus Countryside']),
  place('place:aleppo', 'حلب', 'Aleppo'),
  place('place:homs', 'حمص', 'Homs'),
  place('place:hama', 'حماة', 'Hama'),
  place('place:idlib', 'إدلب', 'Idlib'),
  place('place:latakia', 'اللاذقية', 'Latakia'),
  place('place:tartus', 'طرطوس', 'Tartus'),
  place('place:daraa', 'درعا', 'Daraa', [], ['Deraa', 'Dar\u2019a']),
  place('place:suwayda', 'السويداء', 'As-Suwayda', [], ['Suwayda', 'Sweida']),
  place('place:quneitra', 'القنيطرة', 'Quneitra'),
  place('place:deir-ez-zor', 'دير الزور', 'Deir ez-Zor', [], ['Deir al-Zour']),
  place('place:raqqa', 'الرقة', 'Raqqa'),
  place('place:hasakah', 'الحسكة', 'Al-Hasakah', [], ['Hasakah']),
  place('place:qaboun', 'القابون', 'Qaboun', [], ['al-Qaboun']),
  place('place:darayya', 'داريا', 'Darayya', [], ['Daraya']),
  place('place:kafr-sousa', 'كفرسوسة', 'Kafr Sousa', ['كفر سوسة'], ['Kafr Souseh', 'Kafr Sousseh']),
  place('place:mezzeh', 'المزة', 'Mezzeh', [], ['al-Mezzeh']),
  place('place:douma', 'دوما', 'Douma'),
  place('place:harasta', 'حرستا', 'Harasta'),
  place('place:jobar', 'جوبر', 'Jobar'),
  place('place:barzeh', 'برزة', 'Barzeh'),
  place('place:moadamiyeh', 'معضمية الشام', 'Moadamiyet al-Sham', ['المعضمية'], ['Muadamiya']),
  place('place:zabadani', 'الزبداني', 'Zabadani'),
  place('place:yabroud', 'يبرود', 'Yabroud'),
  place('place:saydnaya', 'صيدنايا', 'Saydnaya', [], ['Sednaya']),
  place('place:tadamon', 'التضامن', 'Tadamon'),
  place('place:yarmouk', 'مخيم اليرموك', 'Yarmouk Camp', ['اليرموك'], ['Yarmouk']),
  place('place:baniyas', 'بانياس', 'Baniyas'),
  place('place:qamishli', 'القامشلي', 'Qamishli'),
];

export const registerSeed: SeedEntity[] = [...unitSeeds, ...placeSeeds];
