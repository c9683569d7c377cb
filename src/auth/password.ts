import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function optionsFor(logN: number, r = BLOCK_SIZE, p = PARALLELISM): ScryptOptions {
  const N = 2 ** logN;
  // scrypt needs 128·N·r bytes; Node refuses more than maxmem (32 MiB by default).
  return { N, r, p, maxmem: 256 * N * r };
}

/**
 * scrypt (memory-hard; 2^17 × 8 blocks ≈ 128 MiB per hash, OWASP's recommendation). The
 * parameters are stored with the hash, so raising the cost later keeps old hashes verifiable.
 * Format: scrypt$logN$r$p$salt$key (base64).
 */
export async function hashPassword(password: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, optionsFor(logN));
  return [
    'scrypt',
    logN,
    BLOCK_SIZE,
    PARALLELISM,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, salt, key] = parts;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    optionsFor(Number(logN), Number(r), Number(p)),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Hashes made with a lower cost than configured are replaced at the next successful login. */
export function needsRehash(stored: string, logN: number): boolean {
  return Number(stored.split('$')[1]) < logN;
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
