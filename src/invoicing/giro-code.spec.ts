import { describe, expect, it } from '@jest/globals';
import { giroCodePayload } from './giro-code.js';

describe('EPC QR code (GiroCode) payload', () => {
  const base = {
    name: 'Beispiel IT-Service GmbH',
    iban: 'DE02 1203 0000 0000 2020 51',
    bic: 'BYLADEM1001',
    remittance: 'RE-2026-00001',
  };

  it('writes the EPC069-12 fields in order, amount in euros with a dot', () => {
    expect(giroCodePayload({ ...base, amountCents: 123456 })!.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'BYLADEM1001',
      'Beispiel IT-Service GmbH',
      'DE02120300000000202051',
      'EUR1234.56',
      '',
      '',
      'RE-2026-00001',
    ]);
  });

  it.each([0, -100, 100_000_000_000])('no code for an amount of %i cents', (amountCents) => {
    expect(giroCodePayload({ ...base, amountCents })).toBeNull();
  });

  it('the BIC is optional in version 002', () => {
    expect(giroCodePayload({ ...base, bic: null, amountCents: 1 })!.split('\n')[4]).toBe('');
  });
});
