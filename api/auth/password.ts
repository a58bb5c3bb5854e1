import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

type ScryptCost = { readonly N: number; readonly r: number; readonly p: number };

/** scrypt is memory-hard and ships with Node; N=2^15, r=8 uses 32 MiB per hash (OWASP's floor is 2^17·8 bytes·… ≈ same order). */
export const PASSWORD_HASH_COST: ScryptCost = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
let cost: ScryptCost = PASSWORD_HASH_COST;
const keyLength = 32;

/**
 * Test runs only: new passwords are hashed at N=2^10 (about 3 ms instead of ~100 ms a hash).
 * The test suite creates and signs in hundreds of accounts (the permission walk alone hashes a
 * password on a few hundred of its calls), and scrypt at the real cost was minutes of CI time.
 * Hashing and verifying run the same code: a stored hash carries its own parameters. Throws
 * outside vitest, so that no server can be made to call it.
 */
export function lowerPasswordCostForTests(): void {
  if (!process.env.VITEST) throw new Error('lowerPasswordCostForTests is for the test suite only');
  cost = { N: 2 ** 10, r: 8, p: 1 };
}

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$key` (salt and key base64url), with the cost it was made at. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
