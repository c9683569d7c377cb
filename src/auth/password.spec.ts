import { describe, expect, it } from '@jest/globals';
import { hashPassword, needsRehash, verifyPassword } from './password.js';

describe('scrypt password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('korrekt Pferd Batterie Heftklammer', 14);
    expect(hash).toMatch(/^scrypt\$14\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('korrekt Pferd Batterie Heftklammer', hash)).toBe(true);
    expect(await verifyPassword('korrekt Pferd Batterie Heftklammer!', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 14)).not.toBe(await hashPassword('same', 14));
  });

  it('treats composed and decomposed umlauts as the same password', async () => {
    const hash = await hashPassword('Grüße', 14);
    expect(await verifyPassword('Gru\u0308ße', hash)).toBe(true);
  });

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });

  it('asks for a rehash when the configured cost went up', async () => {
    const hash = await hashPassword('x', 14);
    expect(needsRehash(hash, 15)).toBe(true);
    expect(needsRehash(hash, 14)).toBe(false);
  });
});
