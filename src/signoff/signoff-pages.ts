import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwaitingDetails } from './signoff-subjects.service.js';

/**
 * The server-rendered sign-off pages: Handlebars templates in templates/signoff, compiled
 * once, `{{…}}` escaped. No script at all; the CSS is a same-origin file, so the page runs
 * under a strict Content-Security-Policy that still lets it embed its own PDF.
 */
export const SIGNOFF_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "object-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Language = 'de' | 'en';

const TEXTS = {
  de: {
    heading: 'Freigabe',
    hello: 'Guten Tag',
    intro:
      'bitte prüfen Sie das Dokument. Sie können es freigeben oder mit einem Kommentar ablehnen.',
    version: 'Version',
    validUntil: 'Link gültig bis',
    noInline: 'Ihr Browser zeigt PDFs nicht direkt an; laden Sie das Dokument herunter.',
    download: 'PDF herunterladen',
    ticket: 'Ticket',
    work: 'Leistung',
    effort: 'Geschätzter Aufwand',
    estimate: 'Geschätzte Kosten (netto)',
    approveHeading: 'Freigeben',
    options: 'Optionale Positionen, die Sie mit beauftragen',
    fullName: 'Ihr vollständiger Name',
    consent: 'Ich gebe dieses Dokument in der angezeigten Fassung verbindlich frei.',
    approve: 'Verbindlich freigeben',
    declineHeading: 'Ablehnen',
    comment: 'Was soll geändert werden? (Pflichtfeld)',
    decline: 'Ablehnen',
    approvedHeading: 'Vielen Dank – freigegeben',
    declinedHeading: 'Vielen Dank – abgelehnt',
    approvedMessage:
      'Ihre Freigabe ist gespeichert. Sie erhalten eine Bestätigung mit dem unterzeichneten Dokument per E-Mail.',
    declinedMessage:
      'Ihre Ablehnung und Ihr Kommentar sind gespeichert. Wir melden uns mit einer überarbeiteten Fassung.',
    signer: 'Unterzeichnet von',
    signedAt: 'Zeitpunkt (UTC)',
    signedHash: 'SHA-256 der unterzeichneten Fassung',
    errorHeading: 'Dieser Link kann nicht verwendet werden',
    decidedApprovedHeading: 'Dieses Dokument ist bereits freigegeben',
    decidedDeclinedHeading: 'Dieses Dokument wurde bereits abgelehnt',
    decidedMessage:
      'Über dieses Dokument wurde bereits entschieden; der Link gilt nicht mehr für eine neue Entscheidung.',
    decision: 'Entscheidung',
    approvedWord: 'freigegeben',
    declinedWord: 'abgelehnt',
    signedDocument: 'Unterzeichnetes Dokument (PDF)',
    minutes: 'Minuten',
  },
  en: {
    heading: 'Sign-off',
    hello: 'Dear',
    intro: 'please review the document. You can sign it off or decline it with a comment.',
    version: 'Version',
    validUntil: 'Link valid until',
    noInline: 'Your browser does not show PDFs inline; please download the document.',
    download: 'Download PDF',
    ticket: 'Ticket',
    work: 'Work',
    effort: 'Estimated effort',
    estimate: 'Estimated cost (net)',
    approveHeading: 'Sign off',
    options: 'Optional items you order as well',
    fullName: 'Your full name',
    consent: 'I sign off this document, as shown, with binding effect.',
    approve: 'Sign off',
    declineHeading: 'Decline',
    comment: 'What should be changed? (required)',
    decline: 'Decline',
    approvedHeading: 'Thank you – signed off',
    declinedHeading: 'Thank you – declined',
    approvedMessage:
      'Your sign-off is recorded. You will receive a confirmation with the signed document by e-mail.',
    declinedMessage:
      'Your decision and comment are recorded. We will get back to you with a revised version.',
    signer: 'Signed by',
    signedAt: 'Time (UTC)',
    signedHash: 'SHA-256 of the signed copy',
    errorHeading: 'This link cannot be used',
    decidedApprovedHeading: 'This document is already signed off',
    decidedDeclinedHeading: 'This document was already declined',
    decidedMessage: 'This document has been decided; the link no longer takes a new decision.',
    decision: 'Decision',
    approvedWord: 'signed off',
    declinedWord: 'declined',
    signedDocument: 'Signed document (PDF)',
    minutes: 'minutes',
  },
} as const;

const ERROR_MESSAGES: Record<Language, Record<string, string>> = {
  de: {
    'SIGNOFF.TOKEN_INVALID':
      'Der Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben.',
    'SIGNOFF.TOKEN_EXPIRED': 'Der Link ist abgelaufen. Bitte fordern Sie einen neuen an.',
    'SIGNOFF.TOKEN_REVOKED':
      'Der Link wurde widerrufen, z. B. weil eine neuere Fassung versandt wurde.',
    'SIGNOFF.TOKEN_USED': 'Der Link wurde bereits verwendet; das Dokument ist entschieden.',
    'SIGNOFF.ALREADY_DECIDED': 'Über dieses Dokument wurde bereits entschieden.',
    'SIGNOFF.RATE_LIMITED':
      'Zu viele ungültige Versuche von dieser Internet-Adresse. Bitte warten Sie eine Minute: bis dahin wird auch ein gültiger Link abgewiesen.',
    'DATABASE.UNAVAILABLE':
      'Der Dienst ist gerade kurz nicht erreichbar. Ihr Link ist gültig: bitte versuchen Sie es in einigen Sekunden erneut.',
  },
  en: {
    'SIGNOFF.TOKEN_INVALID': 'This link is not valid. Please check that you copied all of it.',
    'SIGNOFF.TOKEN_EXPIRED': 'This link has expired. Please ask for a new one.',
    'SIGNOFF.TOKEN_REVOKED': 'This link was revoked, e.g. because a newer version was sent.',
    'SIGNOFF.TOKEN_USED': 'This link has already been used; the document was decided.',
    'SIGNOFF.ALREADY_DECIDED': 'This document has already been decided.',
    'SIGNOFF.RATE_LIMITED':
      'Too many invalid attempts from this internet address. Please wait a minute: until then even a valid link is refused.',
    'DATABASE.UNAVAILABLE':
      'The service is briefly unavailable. Your link is still valid: please try again in a few seconds.',
  },
};

export interface SignoffPageView {
  language: Language;
  token: string;
  contactName: string;
  title: string;
  versionLabel: string;
  sha256: string | null;
  documentId: string | null;
  expiresAt: Date;
  details: AwaitingDetails;
  timeZone: string;
}

export interface SignoffResultView {
  language: Language;
  outcome: 'approved' | 'declined';
  signerName: string;
  signedAt: Date;
  signedSha256: string | null;
  /** Shown to a spent link: it was decided earlier, and where the signed document is. */
  earlier?: { documentHref: string | null };
}

export class SignoffPages {
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly page: HandlebarsTemplateDelegate;
  private readonly result: HandlebarsTemplateDelegate;
  readonly css: string;

  constructor(templatesDir: string) {
    const dir = join(templatesDir, 'signoff');
    const compile = (name: string) =>
      Handlebars.create().compile(readFileSync(join(dir, name), 'utf8'), { strict: false });
    this.layout = compile('layout.hbs');
    this.page = compile('page.hbs');
    this.result = compile('result.hbs');
    this.css = readFileSync(join(dir, 'page.css'), 'utf8');
  }

  renderPage(view: SignoffPageView): string {
    const t = TEXTS[view.language];
    const base = `/signoff/${view.token}`;
    const money = (cents: number) =>
      new Intl.NumberFormat(view.language === 'de' ? 'de-DE' : 'en-GB', {
        style: 'currency',
        currency: 'EUR',
      }).format(cents / 100);
    const quote = view.details.quote;
    const body = this.page({
      t,
      contactName: view.contactName,
      title: view.title,
      versionLabel: view.versionLabel,
      sha256: view.sha256,
      documentId: view.documentId,
      expiresAt: new Intl.DateTimeFormat(view.language === 'de' ? 'de-DE' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: view.timeZone,
      }).format(view.expiresAt),
      pdfUrl: view.documentId ? `${base}/document.pdf` : null,
      downloadUrl: view.documentId ? `${base}/document.pdf?download=1` : null,
      approveUrl: `${base}/approve`,
      declineUrl: `${base}/decline`,
      options: view.details.optionalItems.map((o) => ({ ...o, amount: money(o.netCents) })),
      quote: quote && {
        ...quote,
        effort: `${quote.estimatedMinutes} ${t.minutes}`,
        amount: money(quote.estimatedNetCents),
      },
    });
    return this.layout({ lang: view.language, pageTitle: `${t.heading}: ${view.title}`, body });
  }

  renderResult(view: SignoffResultView): string {
    const t = TEXTS[view.language];
    const approved = view.outcome === 'approved';
    const earlier = view.earlier;
    const body = this.result({
      heading: earlier
        ? approved
          ? t.decidedApprovedHeading
          : t.decidedDeclinedHeading
        : approved
          ? t.approvedHeading
          : t.declinedHeading,
      message: earlier ? t.decidedMessage : approved ? t.approvedMessage : t.declinedMessage,
      documentHref: earlier?.documentHref ?? null,
      documentLabel: t.signedDocument,
      details: [
        ...(earlier
          ? [{ label: t.decision, value: approved ? t.approvedWord : t.declinedWord }]
          : []),
        { label: t.signer, value: view.signerName },
        {
          label: t.signedAt,
          value: `${view.signedAt.toISOString().slice(0, 19).replace('T', ' ')} UTC`,
        },
        ...(view.signedSha256
          ? [{ label: t.signedHash, value: view.signedSha256, mono: true }]
          : []),
      ],
    });
    return this.layout({ lang: view.language, pageTitle: body ? t.heading : '', body });
  }

  /** An error as a page in both languages: the link does not tell us whose language it is. */
  renderError(code: string, detail: string): string {
    const parts = (['de', 'en'] as const).map((language) =>
      this.result({
        error: true,
        heading: TEXTS[language].errorHeading,
        message: ERROR_MESSAGES[language][code] ?? detail,
        details: [{ label: 'Code', value: code }],
      }),
    );
    return this.layout({
      lang: 'de',
      pageTitle: TEXTS.de.errorHeading,
      body: parts.join('\n<hr>\n'),
    });
  }
}
