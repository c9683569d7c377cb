import type { LayoutAppendix } from '../documents/pdf-renderer.js';
import type { Block, Inline } from '../documents/layout-markup.js';

/**
 * The certificate page appended to a signed copy: the audit trail in words — which document
 * (title, version, id, SHA-256), every event from sending to signing, and the decision with
 * its evidence. Times are printed in UTC with seconds, as stored.
 */
export type CertificateEvent =
  | { type: 'sent'; at: Date; by: string; to: string[] }
  | { type: 'mail_sent'; at: Date; to: string; reminder: boolean }
  | { type: 'opened'; at: Date; by: string }
  | { type: 'decided'; at: Date; by: string; outcome: 'approved' | 'declined' };

export interface CertificateFacts {
  locale: 'de' | 'en';
  document: { title: string; versionLabel: string; id: string; sha256: string; issuedAt: Date };
  requestId: string;
  decision: {
    outcome: 'approved' | 'declined';
    signerName: string;
    signerEmail: string;
    signedAt: Date;
    ipAddress: string;
    userAgent: string;
    comment: string | null;
    chosenOptions: string[];
    via: 'link' | 'portal';
  };
  events: CertificateEvent[];
}

const LABELS = {
  de: {
    pageLabel: 'Freigabeprotokoll – Seite {page} von {pages}',
    title: 'Freigabeprotokoll',
    intro:
      'Dieses Protokoll ist Teil der unterzeichneten Fassung des vorstehenden Dokuments. Die vorstehenden Seiten sind das ausgestellte Dokument mit dem unten genannten SHA-256-Hashwert; es wurde vor der Entscheidung aus dem Speicher neu geprüft.',
    document: 'Dokument',
    version: 'Version',
    documentId: 'Dokument-ID',
    issuedAt: 'Ausgestellt',
    requestId: 'Freigabe-Vorgang',
    hash: 'SHA-256 des ausgestellten Dokuments',
    decisionHeading: 'Entscheidung',
    decision: 'Entscheidung',
    approved: 'Freigegeben',
    declined: 'Abgelehnt',
    signer: 'Unterzeichnet von',
    email: 'E-Mail',
    signedAt: 'Zeitpunkt (Server, UTC)',
    ip: 'IP-Adresse',
    userAgent: 'Browser',
    via: 'Weg',
    link: 'persönlicher Freigabe-Link',
    portal: 'Kundenportal (angemeldet)',
    comment: 'Kommentar',
    options: 'Gewählte Optionen',
    none: 'keine',
    eventsHeading: 'Verlauf',
    when: 'Zeitpunkt (UTC)',
    what: 'Ereignis',
    sent: (by: string, to: string[]) => `Zur Freigabe gesendet von ${by} an ${to.join(', ')}`,
    mailSent: (to: string, reminder: boolean) =>
      `${reminder ? 'Erinnerung' : 'E-Mail mit persönlichem Link'} zugestellt an ${to}`,
    opened: (by: string) => `Link erstmals geöffnet (${by})`,
    decided: (by: string, outcome: string) => `${outcome} durch ${by}`,
  },
  en: {
    pageLabel: 'Sign-off certificate – page {page} of {pages}',
    title: 'Sign-off certificate',
    intro:
      'This certificate is part of the signed copy of the preceding document. The preceding pages are the issued document with the SHA-256 hash below; it was re-checked from storage before the decision.',
    document: 'Document',
    version: 'Version',
    documentId: 'Document ID',
    issuedAt: 'Issued',
    requestId: 'Sign-off request',
    hash: 'SHA-256 of the issued document',
    decisionHeading: 'Decision',
    decision: 'Decision',
    approved: 'Approved',
    declined: 'Declined',
    signer: 'Signed by',
    email: 'E-mail',
    signedAt: 'Time (server, UTC)',
    ip: 'IP address',
    userAgent: 'Browser',
    via: 'Channel',
    link: 'personal sign-off link',
    portal: 'customer portal (logged in)',
    comment: 'Comment',
    options: 'Chosen options',
    none: 'none',
    eventsHeading: 'Events',
    when: 'Time (UTC)',
    what: 'Event',
    sent: (by: string, to: string[]) => `Sent for sign-off by ${by} to ${to.join(', ')}`,
    mailSent: (to: string, reminder: boolean) =>
      `${reminder ? 'Reminder' : 'E-mail with personal link'} delivered to ${to}`,
    opened: (by: string) => `Link first opened (${by})`,
    decided: (by: string, outcome: string) => `${outcome} by ${by}`,
  },
};

/** 2026-11-22 13:05:07 UTC */
export function utc(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const text = (value: string): Inline => [{ text: value, bold: false, italic: false }];

export function certificatePage(facts: CertificateFacts): LayoutAppendix {
  const l = LABELS[facts.locale];
  const d = facts.decision;
  const outcome = d.outcome === 'approved' ? l.approved : l.declined;
  const events = [...facts.events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const blocks: Block[] = [
    { type: 'heading', level: 1, content: text(l.title) },
    { type: 'paragraph', style: 'small', align: 'left', content: text(l.intro) },
    {
      type: 'kv',
      items: [
        { label: l.document, value: text(facts.document.title) },
        { label: l.version, value: text(facts.document.versionLabel) },
        { label: l.documentId, value: text(facts.document.id) },
        { label: l.issuedAt, value: text(utc(facts.document.issuedAt)) },
        { label: l.requestId, value: text(facts.requestId) },
      ],
    },
    { type: 'paragraph', style: 'muted', align: 'left', content: text(l.hash) },
    { type: 'paragraph', style: 'small', align: 'left', content: text(facts.document.sha256) },
    { type: 'heading', level: 2, content: text(l.decisionHeading) },
    {
      type: 'kv',
      items: [
        { label: l.decision, value: text(outcome) },
        { label: l.signer, value: text(d.signerName) },
        { label: l.email, value: text(d.signerEmail) },
        { label: l.signedAt, value: text(utc(d.signedAt)) },
        { label: l.ip, value: text(d.ipAddress) },
        { label: l.userAgent, value: text(d.userAgent || '–') },
        { label: l.via, value: text(d.via === 'link' ? l.link : l.portal) },
        ...(d.comment ? [{ label: l.comment, value: text(d.comment) }] : []),
        ...(d.outcome === 'approved'
          ? [{ label: l.options, value: text(d.chosenOptions.join(', ') || l.none) }]
          : []),
      ],
    },
    { type: 'heading', level: 2, content: text(l.eventsHeading) },
    {
      type: 'table',
      widths: [30, 70],
      align: ['left', 'left'],
      head: [text(l.when), text(l.what)],
      rows: events.map((event) => ({
        style: 'normal' as const,
        cells: [text(utc(event.at)), text(describeEvent(event, l))],
      })),
    },
  ];
  return { pageLabel: l.pageLabel, blocks };
}

function describeEvent(event: CertificateEvent, l: (typeof LABELS)[keyof typeof LABELS]): string {
  switch (event.type) {
    case 'sent':
      return l.sent(event.by, event.to);
    case 'mail_sent':
      return l.mailSent(event.to, event.reminder);
    case 'opened':
      return l.opened(event.by);
    case 'decided':
      return l.decided(event.by, event.outcome === 'approved' ? l.approved : l.declined);
  }
}
