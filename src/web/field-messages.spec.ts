import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fieldMessageLabel } from './field-messages.js';
import { fillIn, loadWebLabels, lookupLabel } from './web-labels.js';

const labels = loadWebLabels(join(process.cwd(), 'templates', 'web', 'labels'));
const german = (message: string) => {
  const label = fieldMessageLabel(message);
  if (!label) return message;
  const text = lookupLabel(labels.texts.de, label.key);
  if (text === undefined) throw new Error(`no label ${label.key}`);
  return fillIn(text, label.values);
};

describe('field error texts in the page language', () => {
  it.each([
    ['title should not be empty', 'Bitte ausfüllen.'],
    ['title must be shorter than or equal to 200 characters', 'Höchstens 200 Zeichen.'],
    ['signerName must be longer than or equal to 2 characters', 'Mindestens 2 Zeichen.'],
    ['title must be longer than or equal to 1 characters', 'Bitte ausfüllen.'],
    ['version must not be less than 1', 'Mindestens 1.'],
    ['serviceRateId must be a UUID', 'Bitte einen der angebotenen Werte wählen.'],
    ['signerEmail must be an email', 'Bitte eine gültige E-Mail-Adresse eingeben.'],
    ['unitPrice must be an amount such as 120,00', 'Bitte einen Betrag wie 120,00 eingeben.'],
    ['completionDate must be a day as YYYY-MM-DD', 'Bitte ein gültiges Datum eingeben.'],
    ['quantity must be positive', 'Die Menge muss größer als null sein.'],
    ['quantity must be a number such as 1,5', 'Bitte eine Menge wie 1,5 eingeben.'],
    ['paymentTermsDays must be an integer number', 'Bitte eine ganze Zahl eingeben.'],
    ['lines must contain at least 1 elements', 'Bitte mindestens 1 eintragen.'],
    [
      'quantity must match /^\\d{1,9}(\\.\\d{1,3})?$/ regular expression',
      'Das Format stimmt nicht.',
    ],
    ['the offer would already have expired', expect.stringContaining('abgelaufen')],
    ['open must be before close', 'Jede Zeile muss öffnen, bevor sie schließt.'],
    ['open must be before close (weekday 3)', 'Jede Zeile muss öffnen, bevor sie schließt.'],
    [
      'only a service contract records covered hours',
      'Abgedeckte Zeiten gibt es nur bei einem Servicevertrag.',
    ],
    ['endDate must not be before startDate', 'Das Ende darf nicht vor dem Beginn liegen.'],
    [
      'a data processing agreement needs the day it was signed',
      'Ein AV-Vertrag braucht den Tag der Unterzeichnung.',
    ],
    [
      'vatId must look like DE123456789 (country prefix, then 2-13 characters)',
      'Eine USt-IdNr. sieht aus wie DE123456789.',
    ],
    ['countryCode must be a valid ISO31661 Alpha2 code', 'Bitte ein Länderkürzel wie DE eingeben.'],
    [
      'account must be a debtor account from 10000 to 69999',
      'Bitte ein Debitorenkonto von 10000 bis 69999 eingeben.',
    ],
    [
      'account 10001 belongs to another customer already',
      'Das Konto 10001 gehört schon einem anderen Kunden.',
    ],
    // The parser cut the file off at the limit, before its name was kept: no "a file ist".
    [
      'a file is larger than 10 MiB, the limit per file',
      'Eine Datei ist größer als 10 MiB, die Grenze je Datei.',
    ],
    [
      'big.pdf is larger than 10 MiB, the limit per file',
      'big.pdf ist größer als 10 MiB, die Grenze je Datei.',
    ],
    [
      'the upload is larger than 51 MiB, the limit per message',
      'Alles zusammen ist größer als 51 MiB, die Grenze je Nachricht.',
    ],
  ])('%s', (message, expected) => {
    expect(german(message)).toEqual(expected);
  });

  it('shows a wording it does not know as it is', () => {
    expect(german('the name must be the account name: Jörg Schäfer')).toBe(
      'the name must be the account name: Jörg Schäfer',
    );
  });
});
