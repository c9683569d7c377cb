import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { Sequences } from '../database/sequences.js';
import type { Tx } from '../database/transactions.js';
import type { EntityManager } from 'typeorm';
import { DocumentsService, type PreparedDocument } from '../documents/documents.service.js';
import { buildCii } from './cii-builder.js';
import { InvoiceSeries, type InvoiceSeriesKey } from './invoice.entity.js';
import { FACTURX_XMP, giroCodeImage, toInvoiceView } from './invoice-document.js';
import type { InvoiceSnapshot } from './invoice-snapshot.js';
import { counterKey, formatNumber } from './number-pattern.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** What an issued invoice's row records of its files. */
export interface StoredInvoice {
  xml: string;
  xmlSha256: string;
  documentId: string;
  pdfSha256: string;
}

/** An invoice's files rendered and hashed, not yet recorded. */
export interface PreparedInvoice {
  xml: string;
  document: PreparedDocument;
}

/**
 * Numbers and files an invoice inside the caller's transaction, for issuing and cancelling
 * alike: the next number of its series (gapless: the counter row stays locked until commit)
 * and the PDF/A-3 with its factur-x.xml, both hashed.
 */
@Injectable()
export class InvoiceFiling {
  constructor(
    private readonly sequences: Sequences,
    private readonly documents: DocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async nextNumber(tx: Tx, series: InvoiceSeriesKey): Promise<string> {
    const { pattern } = await tx.manager.findOneByOrFail(InvoiceSeries, { key: series });
    const day = this.clock.today();
    return formatNumber(
      pattern,
      day,
      await this.sequences.next(tx, counterKey(series, pattern, day)),
    );
  }

  /**
   * The number `nextNumber` would draw now, locking nothing: a guess another issuer may
   * overtake, good for rendering ahead and checking under the lock.
   */
  async peekNumber(manager: EntityManager, series: InvoiceSeriesKey): Promise<string> {
    const { pattern } = await manager.findOneByOrFail(InvoiceSeries, { key: series });
    const day = this.clock.today();
    return formatNumber(
      pattern,
      day,
      await this.sequences.peek(manager, counterKey(series, pattern, day)),
    );
  }

  /** Renders the PDF/A-3 with its factur-x.xml and records both, hashed. */
  async store(
    tx: Tx,
    actor: Actor,
    id: string,
    customerId: string,
    snapshot: InvoiceSnapshot,
  ): Promise<StoredInvoice> {
    return this.record(tx, actor, await this.prepare(actor, id, customerId, snapshot));
  }

  /** Renders the PDF/A-3 with its factur-x.xml (CPU work, no database). */
  async prepare(
    actor: Actor,
    id: string,
    customerId: string,
    snapshot: InvoiceSnapshot,
  ): Promise<PreparedInvoice> {
    const xml = buildCii(snapshot);
    const view = toInvoiceView(
      snapshot,
      { name: actor.name, email: actor.email, phone: null },
      await giroCodeImage(snapshot),
    );
    const document = await this.documents.prepare({
      kind: 'invoice',
      customerId,
      ownerType: 'invoice',
      ownerId: id,
      title: `${snapshot.kind === 'cancellation' ? 'Stornorechnung' : 'Rechnung'} ${snapshot.number}`,
      versionLabel: snapshot.number,
      locale: snapshot.locale,
      draft: false,
      view,
      pdfa: true,
      xmpExtension: FACTURX_XMP,
      attachments: [
        {
          name: 'factur-x.xml',
          data: Buffer.from(xml, 'utf8'),
          mimeType: 'text/xml',
          description: 'Factur-X / ZUGFeRD invoice (EN 16931)',
          relationship: 'Alternative',
        },
      ],
    });
    return { xml, document };
  }

  /** Records prepared files in the caller's transaction. */
  async record(tx: Tx, actor: Actor, prepared: PreparedInvoice): Promise<StoredInvoice> {
    const document = await this.documents.record(tx, actor, prepared.document);
    const { xml } = prepared;
    return { xml, xmlSha256: sha256(xml), documentId: document.id, pdfSha256: document.sha256 };
  }
}
