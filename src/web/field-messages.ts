/*
 * Field errors reach a page as the API words them (class-validator's English and the services'
 * own rules), because the page calls the same DTOs and services. A page shows them in the
 * user's language: each known wording maps to a label key of the `validation` area, with the
 * numbers it names; an unknown one is shown as it is.
 */

interface MessageRule {
  pattern: RegExp;
  key: string;
  /** The pattern's groups, by name, for the label's {placeholders}. */
  values?: string[];
}

const RULES: MessageRule[] = [
  { pattern: /should not be empty$|must not be null$/, key: 'required' },
  // "At least 1 character" is an empty field (a text of spaces, trimmed).
  { pattern: /must be longer than or equal to 1 characters$/, key: 'required' },
  { pattern: /must be longer than or equal to (\d+) characters$/, key: 'minLength', values: ['n'] },
  {
    pattern: /must be shorter than or equal to (\d+) characters$/,
    key: 'maxLength',
    values: ['n'],
  },
  { pattern: /must not be less than (-?[\d.]+)$/, key: 'min', values: ['n'] },
  { pattern: /must not be greater than (-?[\d.]+)$/, key: 'max', values: ['n'] },
  { pattern: /must contain at least (\d+) elements$/, key: 'minItems', values: ['n'] },
  { pattern: /must contain no more than (\d+) elements$/, key: 'maxItems', values: ['n'] },
  { pattern: /must be one of the following values/, key: 'choice' },
  {
    pattern: /must be a UUID$|no price-list service with this id$|no active project template/,
    key: 'choice',
  },
  { pattern: /must be an email$/, key: 'email' },
  // Before `number`: 'quantity must be a number such as 1,5' asks for a decimal, not an integer.
  { pattern: /must be a decimal number such as|must be a number such as/, key: 'quantity' },
  { pattern: /must be an integer number$|must be a number/, key: 'number' },
  { pattern: /must be a (day as YYYY-MM-DD|valid calendar day)$/, key: 'day' },
  { pattern: /must be a date and time$/, key: 'dateTime' },
  { pattern: /must be an amount such as/, key: 'amount' },
  { pattern: /must be a percentage such as/, key: 'percent' },
  { pattern: /must be minutes \(90\) or hours:minutes/, key: 'duration' },
  { pattern: /duration must be 1 minute to 24 hours$/, key: 'durationRange' },
  { pattern: /must be (a time|times) as HH:MM$/, key: 'time' },
  // A contract's covered hours name the weekday of the refused slot.
  { pattern: /^open must be before close( \(weekday \d\))?$/, key: 'timeOrder' },
  { pattern: /^only a service contract records covered hours$/, key: 'hoursServiceOnly' },
  { pattern: /^endDate must not be before startDate$/, key: 'endBeforeStart' },
  { pattern: /^a data processing agreement needs the day it was signed$/, key: 'signedOnNeeded' },
  { pattern: /^vatId must look like DE123456789/, key: 'vatId' },
  { pattern: /must be a valid ISO31661 Alpha2 code$/, key: 'countryCode' },
  { pattern: /^weekday must be 1 \(Monday\) to 7 \(Sunday\)$/, key: 'weekday' },
  { pattern: /must be between 0 and 100$/, key: 'percentRange' },
  {
    pattern: /must be a debtor account from (\d+) to (\d+)$/,
    key: 'debtorRange',
    values: ['from', 'to'],
  },
  {
    pattern: /^account (\d+) belongs to another customer already$/,
    key: 'accountTaken',
    values: ['account'],
  },
  { pattern: /^the BU key must be 1 to 4 digits$/, key: 'buKey' },
  { pattern: /quantity must be positive$/, key: 'positive' },
  { pattern: /give unitPriceCents or a serviceRateId$/, key: 'priceOrRate' },
  { pattern: /the offer would already have expired$/, key: 'expired' },
  { pattern: /completion date must not be in the past$/, key: 'past' },
  { pattern: /must not be in the future$/, key: 'future' },
  { pattern: /moving the completion date later needs a reason$/, key: 'reasonNeeded' },
  { pattern: /this is the current completion date$/, key: 'sameDate' },
  { pattern: /consent must be given/, key: 'consent' },
  // Ticket attachments (support/attachment-rules.ts).
  // The parser stopped reading at the limit: the file's name had not been kept.
  {
    pattern: /^a file is larger than (\d+) MiB, the limit per file$/,
    key: 'someFileTooLarge',
    values: ['n'],
  },
  {
    pattern: /^the upload is larger than (\d+) MiB, the limit per message$/,
    key: 'uploadTooLarge',
    values: ['n'],
  },
  {
    pattern: /^(.+) is larger than (\d+) MiB, the limit per file$/,
    key: 'fileTooLarge',
    values: ['name', 'n'],
  },
  { pattern: /^at most (\d+) files per message/, key: 'tooManyFiles', values: ['n'] },
  {
    pattern: /^(.+): only PDF, PNG, JPEG, plain text, log and zip files/,
    key: 'fileType',
    values: ['name'],
  },
  { pattern: /^(.+) does not contain what its name says/, key: 'fileContent', values: ['name'] },
  { pattern: /a rejected acceptance lists at least one defect$/, key: 'defects' },
  { pattern: /should not exist$/, key: 'unknownField' },
  { pattern: /must be a string$|must be a boolean value$/, key: 'invalid' },
  { pattern: /must match .* regular expression$/, key: 'format' },
];

/** The label key (`validation.<key>`) and its values for one message; null if unknown. */
export function fieldMessageLabel(
  message: string,
): { key: string; values: Record<string, string> } | null {
  for (const rule of RULES) {
    const match = rule.pattern.exec(message);
    if (!match) continue;
    const values = Object.fromEntries((rule.values ?? []).map((name, i) => [name, match[i + 1]]));
    return { key: `validation.${rule.key}`, values };
  }
  return null;
}
