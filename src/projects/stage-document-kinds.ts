import { sum } from '../common/money.js';
import { documentKind } from '../documents/document-kind.js';
import type { DocumentLocale } from '../documents/document-views.js';
import { lineItems, sampleLetter, totalsOf, type SampleItem } from '../documents/letter-samples.js';
import type {
  AcceptanceProtocolView,
  ChangeRequestView,
  ConceptPaperView,
  OrderConfirmationView,
  QaProtocolView,
  SolutionDocumentView,
} from './stage-document-views.js';

/**
 * The six stage documents as document kinds: each with realistic sample views in German and
 * English (a mail server migration), which the templates are checked against at start, the
 * tests render and the benchmark measures.
 */
export const PROJECT_DOCUMENT_KINDS = [
  documentKind('concept-paper', sampleConceptPaper),
  documentKind('solution-document', sampleSolutionDocument),
  documentKind('order-confirmation', sampleOrderConfirmation),
  documentKind('change-request', sampleChangeRequest),
  documentKind('qa-protocol', sampleQaProtocol),
  documentKind('acceptance-protocol', sampleAcceptanceProtocol),
] as const;

const REQUIREMENTS = {
  de: [
    {
      title: 'Postfächer vollständig übernehmen',
      description:
        'Alle 38 Postfächer werden mit E-Mails, Kalendern, Kontakten und Aufgaben aus dem bisherigen Exchange 2016 nach Exchange Online übernommen. Freigaben und Stellvertretungen bleiben erhalten.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'Stichprobe von fünf Postfächern: Anzahl der Elemente je Ordner stimmt mit dem Quellsystem überein.',
        'Freigegebene Kalender sind für die bisher Berechtigten sichtbar.',
      ],
    },
    {
      title: 'Umstellung ohne Mailverlust',
      description:
        'Die Umstellung der MX-Einträge erfolgt außerhalb der Geschäftszeiten. Während der Umstellung eingehende E-Mails gehen nicht verloren.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'Testmails, die während der Umstellung gesendet werden, kommen vollständig an.',
        'Die Unterbrechung des Mailempfangs beträgt höchstens vier Stunden.',
      ],
    },
    {
      title: 'Mehrstufige Anmeldung für alle Konten',
      description:
        'Alle Benutzerkonten melden sich mit einem zweiten Faktor (Authenticator-App) an. Administrative Konten sind zusätzlich durch Richtlinien für bedingten Zugriff geschützt.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'Eine Anmeldung ohne zweiten Faktor ist für kein Konto möglich.',
        'Anmeldungen aus Ländern außerhalb der EU werden für Administratoren blockiert.',
      ],
    },
    {
      title: 'Mobile Geräte weiter nutzbar',
      description:
        'Die Mitarbeitenden können E-Mail und Kalender nach der Umstellung auf ihren Smartphones weiter nutzen; eine bebilderte Anleitung liegt vor.',
      priority: 'should' as const,
      acceptanceCriteria: ['Die Anleitung ist auf iOS und Android geprüft.'],
    },
    {
      title: 'Schulung der Mitarbeitenden',
      description:
        'Eine halbtägige Schulung vor Ort führt in Outlook im Web, Teams-Kalender und die neue Anmeldung ein.',
      priority: 'could' as const,
      acceptanceCriteria: ['Teilnehmerliste und Schulungsunterlagen liegen vor.'],
    },
  ],
  en: [
    {
      title: 'Migrate every mailbox completely',
      description:
        'All 24 mailboxes are moved from the existing Exchange 2016 server to Exchange Online with mail, calendars, contacts and tasks. Shared access and delegates are kept.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'For a sample of five mailboxes the item count per folder matches the source system.',
        'Shared calendars remain visible to the people who had access before.',
      ],
    },
    {
      title: 'Switch-over without losing mail',
      description:
        'The MX records are switched outside business hours. Mail arriving during the switch-over is not lost.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'Test messages sent during the switch-over all arrive.',
        'Mail reception is interrupted for four hours at most.',
      ],
    },
    {
      title: 'Multi-factor sign-in for every account',
      description:
        'Every user signs in with a second factor (authenticator app). Administrative accounts are also protected by conditional access policies.',
      priority: 'must' as const,
      acceptanceCriteria: [
        'No account can sign in without a second factor.',
        'Administrator sign-ins from outside the EU are blocked.',
      ],
    },
    {
      title: 'Mobile devices keep working',
      description:
        'Staff keep using mail and calendar on their phones after the switch-over; an illustrated guide is provided.',
      priority: 'should' as const,
      acceptanceCriteria: ['The guide has been checked on iOS and Android.'],
    },
    {
      title: 'Staff training',
      description:
        'A half-day on-site session introduces Outlook on the web, the Teams calendar and the new sign-in.',
      priority: 'could' as const,
      acceptanceCriteria: ['Attendance list and training material are handed over.'],
    },
  ],
};

const ITEMS: Record<DocumentLocale, SampleItem[]> = {
  de: [
    {
      title: 'Analyse und Migrationskonzept',
      description: 'Bestandsaufnahme Exchange 2016, DNS, Clients; Migrationsplan mit Zeitplan',
      quantity: 8000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Einrichtung Microsoft 365',
      description: 'Tenant, Domains, DNS-Einträge, Lizenzen zuweisen',
      quantity: 6000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Migration der Postfächer',
      description: 'Je Postfach inkl. Kalender, Kontakte und Freigaben',
      quantity: 38000,
      unit: 'piece',
      unitPriceCents: 4500,
    },
    {
      title: 'Mehrstufige Anmeldung und bedingter Zugriff',
      description: 'Richtlinien, Einrichtung der Authenticator-App, Notfallkonten',
      quantity: 5000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Umstellung am Wochenende',
      description: 'MX-Umstellung, Überwachung, Zuschlag außerhalb der Geschäftszeiten',
      quantity: 4500,
      unit: 'hour',
      unitPriceCents: 15625,
    },
    {
      title: 'Schulung vor Ort (halbtägig)',
      description: null,
      quantity: 1000,
      unit: 'flat',
      unitPriceCents: 59000,
    },
    {
      title: 'Archivierung (Exchange Online Archiving)',
      description: 'Aufbewahrungsrichtlinien nach GoBD',
      quantity: 6000,
      unit: 'hour',
      unitPriceCents: 12500,
      optional: true,
    },
    {
      title: 'Verwaltung mobiler Geräte (Intune)',
      description: 'Registrierung, Richtlinien, Fernlöschung',
      quantity: 12000,
      unit: 'hour',
      unitPriceCents: 12500,
      optional: true,
    },
  ],
  en: [
    {
      title: 'Analysis and migration plan',
      description: 'Survey of Exchange 2016, DNS and clients; migration plan with schedule',
      quantity: 6000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Microsoft 365 set-up',
      description: 'Tenant, domains, DNS records, licence assignment',
      quantity: 5000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Mailbox migration',
      description: 'Per mailbox including calendars, contacts and shared access',
      quantity: 24000,
      unit: 'piece',
      unitPriceCents: 4500,
    },
    {
      title: 'Multi-factor sign-in and conditional access',
      description: 'Policies, authenticator roll-out, break-glass accounts',
      quantity: 4000,
      unit: 'hour',
      unitPriceCents: 12500,
    },
    {
      title: 'Weekend switch-over',
      description: 'MX switch, monitoring, out-of-hours surcharge',
      quantity: 4500,
      unit: 'hour',
      unitPriceCents: 15625,
    },
    {
      title: 'On-site training (half day)',
      description: null,
      quantity: 1000,
      unit: 'flat',
      unitPriceCents: 59000,
    },
    {
      title: 'Archiving (Exchange Online Archiving)',
      description: 'Retention policies',
      quantity: 6000,
      unit: 'hour',
      unitPriceCents: 12500,
      optional: true,
    },
    {
      title: 'Mobile device management (Intune)',
      description: 'Enrolment, policies, remote wipe',
      quantity: 12000,
      unit: 'hour',
      unitPriceCents: 12500,
      optional: true,
    },
  ],
};

function requirementNumber(index: number): string {
  return `A-${String(index + 1).padStart(2, '0')}`;
}

export function sampleConceptPaper(locale: DocumentLocale): ConceptPaperView {
  const de = locale === 'de';
  return {
    ...sampleLetter(locale, '2026-10-05'),
    revision: 2,
    background: de
      ? 'Die Müller & Söhne Maschinenbau GmbH betreibt seit 2016 einen eigenen Exchange-Server im Serverraum am Standort Berlin. Der erweiterte Support für Exchange 2016 ist ausgelaufen; Sicherheitsupdates erscheinen nicht mehr.\n\nDie Geschäftsführung hat entschieden, E-Mail, Kalender und Kontakte nach Microsoft 365 zu verlagern und bei dieser Gelegenheit die Anmeldung abzusichern.'
      : 'Greenhill Analytics has run its own Exchange server in the Dublin office since 2016. Extended support for Exchange 2016 has ended and security updates are no longer published.\n\nManagement has decided to move mail, calendars and contacts to Microsoft 365 and to secure sign-in on the way.',
    goals: de
      ? [
          'Betrieb ohne eigenen Mailserver',
          'Keine Datenverluste bei der Umstellung',
          'Anmeldung mit zweitem Faktor für alle Konten',
        ]
      : [
          'No more self-hosted mail server',
          'No data lost in the switch-over',
          'Multi-factor sign-in for every account',
        ],
    requirements: REQUIREMENTS[locale].map((r, i) => ({ number: requirementNumber(i), ...r })),
    outOfScope: de
      ? ['Migration der Dateiablage nach SharePoint', 'Austausch der Arbeitsplatzrechner']
      : ['Moving the file shares to SharePoint', 'Replacing desktop computers'],
    assumptions: de
      ? [
          'Die Lizenzen (Microsoft 365 Business Premium) beschafft der Kunde.',
          'Ein Ansprechpartner des Kunden ist am Umstellungswochenende telefonisch erreichbar.',
        ]
      : [
          'The customer buys the Microsoft 365 Business Premium licences.',
          'A customer contact can be reached by phone on the switch-over weekend.',
        ],
  };
}

export function sampleSolutionDocument(
  locale: DocumentLocale,
  extraItems = 0,
): SolutionDocumentView {
  const de = locale === 'de';
  const specs = [...ITEMS[locale]];
  for (let i = 0; i < extraItems; i++) {
    specs.splice(specs.length - 2, 0, {
      title: de ? `Migration Postfach Außenstelle ${i + 1}` : `Branch office mailbox ${i + 1}`,
      description: de
        ? 'Übernahme inkl. Kalender und Kontakte'
        : 'Including calendars and contacts',
      quantity: 1000 + (i % 4) * 250,
      unit: 'hour',
      unitPriceCents: 12500,
    });
  }
  const items = lineItems(specs);
  const chosen = items.filter((item) => !item.optional);
  return {
    ...sampleLetter(locale, '2026-10-19'),
    revision: 2,
    introduction: de
      ? 'Der Exchange-Server 2016 erreicht im Oktober das Ende des Supports. Auf Grundlage des Konzeptpapiers (Revision 2) und unseres Gesprächs am 12. Oktober beschreiben wir im Folgenden, wie wir jede Anforderung umsetzen, und schätzen die Kosten Position für Position.'
      : 'Exchange Server 2016 reaches the end of support in October. Based on the concept paper (revision 2) and our meeting on 12 October we describe below how we meet each requirement and estimate the cost line by line.',
    solutions: REQUIREMENTS[locale].map((r, i) => ({
      requirementNumber: requirementNumber(i),
      requirementTitle: r.title,
      solution: de
        ? [
            'Migration mit dem Microsoft-Migrationsdienst im gestaffelten Verfahren; vorab Synchronisation aller Postfächer, am Umstellungstag nur noch Delta-Abgleich.',
            'MX-Umstellung am Samstag ab 8:00 Uhr; der alte Server nimmt bis zum Ablauf der DNS-Zwischenspeicherung weiter an und leitet weiter.',
            'Sicherheitsstandards von Microsoft 365 plus Richtlinien für bedingten Zugriff; zwei Notfallkonten mit Hardware-Schlüssel.',
            'Profile werden per QR-Code neu eingerichtet; Anleitung für iOS und Android mit Bildschirmfotos.',
            'Schulung in Ihrem Besprechungsraum, maximal zwölf Teilnehmende je Termin.',
          ][i]
        : [
            'Staged migration with Microsoft’s migration service: all mailboxes are synchronised in advance, only a delta sync runs on switch-over day.',
            'MX switch on Saturday from 8:00; the old server keeps accepting and forwarding mail until DNS caches expire.',
            'Microsoft 365 security defaults plus conditional access policies; two break-glass accounts with hardware keys.',
            'Profiles are set up again by QR code; guide for iOS and Android with screenshots.',
            'Training in your meeting room, at most twelve people per session.',
          ][i],
    })),
    lineItems: items,
    totals: totalsOf(chosen.map((item) => item.netCents)),
    optionalNetCents: sum(items.filter((item) => item.optional).map((item) => item.netCents)),
    billingMode: 'fixed_price',
    validUntil: '2026-11-30',
    terms: de
      ? [
          'Festpreis für die nicht optionalen Positionen; optionale Positionen werden nur nach Beauftragung berechnet.',
          'Zahlbar 14 Tage nach Rechnungsstellung ohne Abzug; 30 % bei Auftragserteilung, 70 % nach Abnahme.',
          'Mehraufwand über den vereinbarten Umfang hinaus kündigen wir vorab als Nachtrag an und führen ihn erst nach Ihrer Freigabe aus.',
        ]
      : [
          'Fixed price for the non-optional items; optional items are charged only when ordered.',
          'Payable within 14 days of invoice without deduction; 30 % on order, 70 % on acceptance.',
          'Work beyond the agreed scope is announced beforehand as a change request and done only after your approval.',
        ],
    changes: {
      sinceRevision: 1,
      items: de
        ? [
            'Position 5: Umstellung auf das Wochenende verlegt (Zuschlag).',
            'Verwaltung mobiler Geräte als optionale Position ergänzt.',
          ]
        : [
            'Item 5: switch-over moved to the weekend (surcharge).',
            'Mobile device management added as an optional item.',
          ],
    },
    signatories: {
      company: {
        name: 'Jörg Krämer',
        role: de ? 'Projektleitung' : 'Project lead',
        place: 'Hamburg',
        signedAt: null,
      },
      customer: {
        name: de ? 'Jördis Weiß' : 'Oliver Brennan',
        role: de ? 'Geschäftsführerin' : 'Managing Director',
        place: null,
        signedAt: null,
      },
    },
  };
}

export function sampleOrderConfirmation(locale: DocumentLocale): OrderConfirmationView {
  const de = locale === 'de';
  const solution = sampleSolutionDocument(locale);
  const option = solution.lineItems.find((item) => item.optional)!;
  const chosen = solution.lineItems.filter((item) => !item.optional);
  return {
    ...sampleLetter(locale, '2026-10-27'),
    salutation: de ? 'Sehr geehrte Frau Weiß,' : 'Dear Mr Brennan,',
    approvedRevision: 2,
    approvedDocumentSha256: '3f7c2a9d5e1b84c06a2f9e3d7b5c1a08e4f6d2b9c7a5e3f1d8b6c4a2e0f9d7b5',
    approvedBy: {
      name: de ? 'Jördis Weiß' : 'Oliver Brennan',
      role: de ? 'Geschäftsführerin' : 'Managing Director',
    },
    approvedAt: '2026-10-26T15:42:00Z',
    chosenOptions: [{ position: option.position, title: option.title, netCents: option.netCents }],
    billingMode: 'fixed_price',
    agreedFee: totalsOf([...chosen.map((item) => item.netCents), option.netCents]),
    completionDate: '2026-12-11',
    notes: de
      ? [
          'Umstellungswochenende: 28./29. November 2026.',
          'Die Schulung findet am 3. Dezember 2026 statt.',
        ]
      : ['Switch-over weekend: 28/29 November 2026.', 'Training takes place on 3 December 2026.'],
  };
}

export function sampleChangeRequest(locale: DocumentLocale): ChangeRequestView {
  const de = locale === 'de';
  const confirmation = sampleOrderConfirmation(locale);
  const items = lineItems(
    de
      ? [
          {
            title: 'Migration zusätzlicher Postfächer (Außenstelle Görlitz)',
            description: null,
            quantity: 6000,
            unit: 'piece',
            unitPriceCents: 4500,
          },
          {
            title: 'Einrichtung geteilter Postfächer für Vertrieb und Einkauf',
            description: null,
            quantity: 3000,
            unit: 'hour',
            unitPriceCents: 12500,
          },
        ]
      : [
          {
            title: 'Migrating additional mailboxes (Cork office)',
            description: null,
            quantity: 6000,
            unit: 'piece',
            unitPriceCents: 4500,
          },
          {
            title: 'Setting up shared mailboxes for sales and purchasing',
            description: null,
            quantity: 3000,
            unit: 'hour',
            unitPriceCents: 12500,
          },
        ],
    'N1.',
  );
  const delta = totalsOf(items.map((item) => item.netCents));
  return {
    ...sampleLetter(locale, '2026-11-16'),
    number: 'N-1',
    reason: de
      ? 'Die Außenstelle Görlitz wird entgegen der ursprünglichen Planung bereits jetzt mit umgestellt. Außerdem sollen Vertrieb und Einkauf geteilte Postfächer erhalten.'
      : 'Contrary to the original plan, the Cork office is to be moved now as well. Sales and purchasing are also to get shared mailboxes.',
    changes: de
      ? [
          'Sechs zusätzliche Postfächer werden migriert.',
          'Zwei geteilte Postfächer werden eingerichtet und berechtigt.',
        ]
      : [
          'Six additional mailboxes are migrated.',
          'Two shared mailboxes are set up with permissions.',
        ],
    lineItems: items,
    costDelta: delta,
    previousAgreed: confirmation.agreedFee,
    newAgreed: totalsOf([confirmation.agreedFee.netCents, delta.netCents]),
    previousCompletionDate: '2026-12-11',
    newCompletionDate: '2026-12-18',
    scheduleImpact: de
      ? 'Die Fertigstellung verschiebt sich um eine Woche, weil die Postfächer der Außenstelle erst nach deren Inventur übernommen werden können.'
      : 'Completion moves by one week because the branch mailboxes can only be moved after the branch’s stocktaking.',
    signatories: {
      company: {
        name: 'Jörg Krämer',
        role: de ? 'Projektleitung' : 'Project lead',
        place: 'Hamburg',
        signedAt: null,
      },
      customer: {
        name: de ? 'Jördis Weiß' : 'Oliver Brennan',
        role: de ? 'Geschäftsführerin' : 'Managing Director',
        place: null,
        signedAt: null,
      },
    },
  };
}

export function sampleQaProtocol(locale: DocumentLocale): QaProtocolView {
  const de = locale === 'de';
  const checks: QaProtocolView['checks'] = REQUIREMENTS[locale].map((r, i) => ({
    requirementNumber: requirementNumber(i),
    requirementTitle: r.title,
    result: (['passed', 'passed', 'failed', 'waived', 'passed'] as const)[i],
    note: [
      de
        ? 'Stichprobe 5 Postfächer, Elementzahlen identisch.'
        : 'Sample of 5 mailboxes, item counts identical.',
      null,
      de
        ? 'Notfallkonto 2 ohne Hardware-Schlüssel; wird nachgeholt.'
        : 'Break-glass account 2 lacks its hardware key; to be fixed.',
      de
        ? 'Android-Anleitung folgt mit Nachtrag N-1.'
        : 'Android guide follows with change request N-1.',
      de ? 'Schulung am 03.12. mit 11 Teilnehmenden.' : 'Training on 3 Dec with 11 attendees.',
    ][i],
    tester: ['Sören Bäcker', 'Sören Bäcker', 'Jörg Krämer', 'Jörg Krämer', 'Sören Bäcker'][i],
    testedOn: ['2026-12-07', '2026-12-07', '2026-12-08', '2026-12-08', '2026-12-08'][i],
  }));
  const summary = { passed: 0, failed: 0, waived: 0, not_tested: 0 };
  for (const check of checks) summary[check.result] += 1;
  return {
    ...sampleLetter(locale, '2026-12-08'),
    round: 1,
    testedRevision: 2,
    checks,
    waivers: [
      {
        requirementNumber: 'A-04',
        reason: de
          ? 'Die Anleitung für Android wird mit dem Nachtrag N-1 geliefert; die Prüfung erfolgt dort.'
          : 'The Android guide is delivered with change request N-1 and checked there.',
        approvedBy: 'Jörg Krämer',
      },
    ],
    summary,
    conclusion: de
      ? 'Die interne Abnahme ist nicht bestanden: A-03 wird nachgebessert und in einer zweiten Runde geprüft.'
      : 'Internal QA has not passed: A-03 is being fixed and will be checked in a second round.',
  };
}

export function sampleAcceptanceProtocol(locale: DocumentLocale): AcceptanceProtocolView {
  const de = locale === 'de';
  return {
    ...sampleLetter(locale, '2026-12-14'),
    deliveredOn: '2026-12-11',
    deliverables: de
      ? [
          '38 Postfächer in Exchange Online inkl. Kalender, Kontakte und Freigaben',
          'Richtlinien für mehrstufige Anmeldung und bedingten Zugriff',
          'Anleitung „Mobile Geräte“ (iOS, Android)',
          'Betriebsdokumentation und Übergabeprotokoll',
        ]
      : [
          '24 mailboxes in Exchange Online including calendars, contacts and shared access',
          'Multi-factor sign-in and conditional access policies',
          'Guide "Mobile devices" (iOS, Android)',
          'Operations manual and hand-over record',
        ],
    requirements: REQUIREMENTS[locale].map((r, i) => ({
      number: requirementNumber(i),
      title: r.title,
      qaResult: (['passed', 'passed', 'passed', 'waived', 'passed'] as const)[i],
    })),
    openDefects: [
      {
        number: 'M-1',
        title: de
          ? 'Signatur im Postfach „Einkauf“ fehlt'
          : 'Signature missing in the "Purchasing" mailbox',
        severity: 'minor',
        description: de ? 'Wird bis 18.12. ergänzt.' : 'Will be added by 18 Dec.',
      },
    ],
    decision: {
      outcome: 'accepted_with_defects',
      decidedBy: {
        name: de ? 'Jördis Weiß' : 'Oliver Brennan',
        role: de ? 'Geschäftsführerin' : 'Managing Director',
      },
      decidedAt: '2026-12-15T09:12:00Z',
      comment: de ? 'Abnahme unter Vorbehalt des Mangels M-1.' : 'Accepted subject to defect M-1.',
    },
    signatories: {
      company: {
        name: 'Jörg Krämer',
        role: de ? 'Projektleitung' : 'Project lead',
        place: 'Hamburg',
        signedAt: null,
      },
      customer: {
        name: de ? 'Jördis Weiß' : 'Oliver Brennan',
        role: de ? 'Geschäftsführerin' : 'Managing Director',
        place: null,
        signedAt: null,
      },
    },
  };
}
