import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../../api/auth/password';

describe('password hashes', () => {
  it('are made at scrypt N=2^15, r=8 by a module nobody lowered (as in a server), and verify', async () => {
    vi.resetModules();
    const fresh = await import('../../api/auth/password');
    const stored = await fresh.hashPassword('a long passphrase');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    expect(fresh.PASSWORD_HASH_COST).toEqual({ N: 32768, r: 8, p: 1 });
    // a hash carries its cost: the suite's cheaper hashes and real ones verify alike
    expect(await verifyPassword('a long passphrase', stored)).toBe(true);
    expect(await verifyPassword('a long passphrase!', stored)).toBe(false);
  });

  it('are cheaper in the test suite only, and the lowering refuses to run outside it', async () => {
    expect((await hashPassword('x')).split('$')[1]).toBe('1024');
    const vitest = process.env.VITEST;
    delete process.env.VITEST;
    try {
      vi.resetModules();
      const fresh = await import('../../api/auth/password');
      expect(() => fresh.lowerPasswordCostForTests()).toThrow(/test suite only/);
    } finally {
      process.env.VITEST = vitest;
    }
  });
});
