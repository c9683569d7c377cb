/**
 * The legal form decides what a business letter must name besides the company's name and
 * address: a registered merchant or company its register court and number (§37a HGB,
 * §35a GmbHG, §80 AktG, §125a/§177a HGB), a capital company (or a KG whose liable partner is
 * one) its managing directors or board.
 */
export const LEGAL_FORMS = [
  'gmbh',
  'ug',
  'ag',
  'gmbh_co_kg',
  'kg',
  'ohg',
  'ek',
  'gbr',
  'sole_proprietor',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

const REGISTERED: ReadonlySet<LegalForm> = new Set([
  'gmbh',
  'ug',
  'ag',
  'gmbh_co_kg',
  'kg',
  'ohg',
  'ek',
]);
const DIRECTED: ReadonlySet<LegalForm> = new Set(['gmbh', 'ug', 'ag', 'gmbh_co_kg', 'kg']);

/** Read from the name when not set: "Beispiel IT-Service GmbH" is a GmbH whatever the profile says. */
const BY_NAME: ReadonlyArray<[RegExp, LegalForm]> = [
  [/\bGmbH\s*&\s*Co\.?\s*KG\b/i, 'gmbh_co_kg'],
  [/\bgGmbH\b|\bGmbH\b|Gesellschaft mit beschränkter Haftung/i, 'gmbh'],
  [/\bUG\b/, 'ug'],
  [/\bAG\b|Aktiengesellschaft/, 'ag'],
  [/\bKG\b|Kommanditgesellschaft/, 'kg'],
  [/\bOHG\b/, 'ohg'],
  [/\be\.\s?K\.?(?=\s|$)|eingetragene[rs]? Kauf(mann|frau)/, 'ek'],
];

export function legalFormOf(profile: { legalForm: LegalForm | null; legalName: string }) {
  if (profile.legalForm) return profile.legalForm;
  return BY_NAME.find(([pattern]) => pattern.test(profile.legalName))?.[1] ?? null;
}

/** The mandatory particulars the legal form asks for and the profile lacks. */
export function missingParticulars(profile: {
  legalForm: LegalForm | null;
  legalName: string;
  commercialRegister: string | null;
  managingDirectors: string | null;
}): Array<'commercialRegister' | 'managingDirectors'> {
  const form = legalFormOf(profile);
  if (!form) return [];
  return [
    ...(REGISTERED.has(form) && !profile.commercialRegister ? ['commercialRegister' as const] : []),
    ...(DIRECTED.has(form) && !profile.managingDirectors ? ['managingDirectors' as const] : []),
  ];
}
