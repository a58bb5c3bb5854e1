// vitest setup file (every project): see lowerPasswordCostForTests. tests/unit/password.test.ts
// checks that a server, which never calls it, hashes at the real cost.
import { lowerPasswordCostForTests } from '../../api/auth/password';

lowerPasswordCostForTests();
