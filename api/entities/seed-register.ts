import type { RegisterEntry } from '../text/suggest';
import { registerSeed, type SeedEntity } from './register-seed';

/** The seeded register as engine entries, for use without a database (CLI, benchmark). */
export function seedRegisterEntries(seed: SeedEntity[] = registerSeed): RegisterEntry[] {
  return seed.map((s) => ({ id: s.seedKey, kind: s.kind, canonicalEn: s.canonicalEn, names: [s.canonicalAr, ...s.aliasesAr] }));
}

/** Every English form of a seeded entity (canonical first), by id. */
export function seedEnglishForms(seed: SeedEntity[] = registerSeed): Map<string, string[]> {
  return new Map(seed.map((s) => [s.seedKey, [s.canonicalEn, ...s.aliasesEn]]));
}
