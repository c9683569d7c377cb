import { centsToDecimal, type Cents } from '../common/money.js';

export interface GiroCodeInput {
  name: string;
  iban: string;
  bic: string | null;
  amountCents: Cents;
  /** Unstructured remittance text, e.g. the invoice number. */
  remittance: string;
}

/**
 * The EPC QR code payload (EPC069-12 v2, "GiroCode"): a SEPA credit transfer the customer's
 * banking app fills in. Only for a positive amount of at most 999 999 999,99 €; otherwise
 * there is nothing to pay and no code is printed.
 */
export function giroCodePayload(input: GiroCodeInput): string | null {
  if (input.amountCents <= 0 || input.amountCents > 99_999_999_999) return null;
  const clean = (text: string, max: number) =>
    text
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, max);
  return [
    'BCD',
    '002',
    '1', // UTF-8
    'SCT',
    input.bic ?? '',
    clean(input.name, 70),
    input.iban.replace(/\s+/g, '').toUpperCase(),
    `EUR${centsToDecimal(input.amountCents)}`,
    '', // purpose code
    '', // structured reference (none: we use the unstructured text)
    clean(input.remittance, 140),
  ].join('\n');
}
