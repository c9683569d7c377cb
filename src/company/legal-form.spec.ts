import { describe, expect, it } from '@jest/globals';
import { legalFormOf, missingParticulars, type LegalForm } from './legal-form.js';

const profile = (legalName: string, legalForm: LegalForm | null = null) => ({
  legalName,
  legalForm,
  commercialRegister: null,
  managingDirectors: null,
});

describe('the particulars a business letter needs per legal form', () => {
  it.each([
    ['Beispiel IT-Service GmbH', null, ['commercialRegister', 'managingDirectors']],
    ['Nordlicht UG (haftungsbeschränkt)', null, ['commercialRegister', 'managingDirectors']],
    ['Datenwerk AG', null, ['commercialRegister', 'managingDirectors']],
    ['Huber IT GmbH & Co. KG', null, ['commercialRegister', 'managingDirectors']],
    ['Schäfer Systemhaus KG', null, ['commercialRegister', 'managingDirectors']],
    ['Berg & Stein OHG', null, ['commercialRegister']],
    ['IT-Service Krämer e.K.', null, ['commercialRegister']],
    ['Anna Beispiel IT-Beratung', null, []],
    ['Anna Beispiel IT-Beratung', 'sole_proprietor', []],
    ['Beispiel IT', 'gmbh', ['commercialRegister', 'managingDirectors']],
    ['Beispiel IT GmbH', 'other', []],
  ] as const)('%s (%s): %j', (name, form, missing) => {
    expect(missingParticulars(profile(name, form))).toEqual(missing);
  });

  it('asks nothing once register and directors are given', () => {
    expect(
      missingParticulars({
        ...profile('Beispiel IT-Service GmbH'),
        commercialRegister: 'Amtsgericht Leipzig, HRB 12345',
        managingDirectors: 'Anna Beispiel',
      }),
    ).toEqual([]);
  });

  it('reads the form from the name only when none is set', () => {
    expect(legalFormOf(profile('Huber IT GmbH & Co. KG'))).toBe('gmbh_co_kg');
    expect(legalFormOf(profile('Huber IT GmbH & Co. KG', 'kg'))).toBe('kg');
    expect(legalFormOf(profile('Tagwerk Consulting'))).toBeNull();
  });
});
