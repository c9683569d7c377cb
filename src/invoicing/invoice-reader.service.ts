import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { DocumentsService } from '../documents/documents.service.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import type { InvoiceQuery, InvoiceResponse } from './invoice.dto.js';
import { Invoice, InvoiceLine, InvoicePayment } from './invoice.entity.js';
import { assertInvoiceAction } from './invoice-lifecycle.js';
import { toInvoiceResponse } from './invoice-mappers.js';

/** Newest first; the id breaks ties within one timestamp. */
const INVOICE_LIST_ORDER: KeysetOrder = {
  list: 'invoices',
  keys: [
    { path: 'i.createdAt', kind: 'timestamp' },
    { path: 'i.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** Reading invoices: who may see which, and the response with payments and references. */
@Injectable()
export class InvoiceReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly documents: DocumentsService,
  ) {}

  /** The issued PDF/A-3 (with factur-x.xml inside), verified against its SHA-256. */
  async pdf(actor: Actor, id: string): Promise<StreamableFile> {
    const invoice = await this.issued(actor, id);
    const record = await this.documents.findVisible(actor, invoice.documentId!);
    const bytes = await this.documents.verifiedBytes(record);
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.byteLength,
      disposition: `inline; filename="${invoice.number}.pdf"`,
    });
  }

  /** The e-invoice XML on its own: the same bytes as embedded in the PDF. */
  async xml(actor: Actor, id: string): Promise<StreamableFile> {
    const invoice = await this.issued(actor, id);
    const bytes = Buffer.from(invoice.xml!, 'utf8');
    if (createHash('sha256').update(bytes).digest('hex') !== invoice.xmlSha256) {
      throw new DomainError(
        'integrity',
        'INVOICE.INTEGRITY_FAILED',
        `invoice ${id}: XML does not match its SHA-256`,
      );
    }
    return new StreamableFile(bytes, {
      type: 'application/xml',
      length: bytes.byteLength,
      disposition: `attachment; filename="${invoice.number}-factur-x.xml"`,
    });
  }

  private async issued(actor: Actor, id: string): Promise<Invoice> {
    const invoice = await this.findVisible(actor, id);
    assertInvoiceAction(invoice, 'download', actor.role);
    return invoice;
  }

  /** Staff see every invoice; a customer user only issued or cancelled ones of their own. */
  async findVisible(actor: Actor, id: string, manager?: EntityManager): Promise<Invoice> {
    const scope: FindOptionsWhere<Invoice> =
      actor.role === 'customer' ? { customerId: actor.customerId!, status: Not('draft') } : {};
    const invoice = await (manager ?? this.dataSource.manager).findOneBy(Invoice, {
      id,
      ...scope,
    });
    if (!invoice) throw notFound('INVOICE.NOT_FOUND', id);
    return invoice;
  }

  async get(actor: Actor, id: string): Promise<InvoiceResponse> {
    return (await this.responses([await this.findVisible(actor, id)]))[0];
  }

  async list(actor: Actor, query: InvoiceQuery): Promise<KeysetPage<InvoiceResponse>> {
    const qb = this.dataSource.getRepository(Invoice).createQueryBuilder('i');
    const customer = actor.role === 'customer';
    const customerId = customer ? actor.customerId! : query.customerId;
    if (customerId) qb.andWhere('i.customerId = :customerId', { customerId });
    if (query.status && !(customer && query.status === 'draft')) {
      qb.andWhere('i.status = :status', { status: query.status });
    } else if (customer) {
      qb.andWhere("i.status <> 'draft'");
    }
    if (query.kind) qb.andWhere('i.kind = :kind', { kind: query.kind });
    if (query.projectId) qb.andWhere('i.projectId = :projectId', { projectId: query.projectId });
    return keysetPage(qb, INVOICE_LIST_ORDER, query, (rows) => this.responses(rows));
  }

  async paidCents(manager: EntityManager, invoiceIds: string[]): Promise<Map<string, number>> {
    const paid = new Map<string, number>();
    if (invoiceIds.length === 0) return paid;
    const payments = await manager.findBy(InvoicePayment, { invoiceId: In(invoiceIds) });
    for (const p of payments) paid.set(p.invoiceId, (paid.get(p.invoiceId) ?? 0) + p.amountCents);
    return paid;
  }

  async responses(invoices: Invoice[], manager?: EntityManager): Promise<InvoiceResponse[]> {
    const m = manager ?? this.dataSource.manager;
    const ids = invoices.map((i) => i.id);
    if (ids.length === 0) return [];
    const [lines, paid, cancellations, originals] = await Promise.all([
      m.find(InvoiceLine, { where: { invoiceId: In(ids) }, order: { position: 'ASC' } }),
      this.paidCents(m, ids),
      m.findBy(Invoice, { cancelsInvoiceId: In(ids) }),
      m.findBy(Invoice, {
        id: In(invoices.map((i) => i.cancelsInvoiceId).filter((x): x is string => x !== null)),
      }),
    ]);
    const today = this.clock.today();
    return invoices.map((invoice) =>
      toInvoiceResponse(invoice, {
        lines: lines.filter((l) => l.invoiceId === invoice.id),
        paidCents: paid.get(invoice.id) ?? 0,
        cancels: originals.find((o) => o.id === invoice.cancelsInvoiceId) ?? null,
        cancelledBy: cancellations.find((c) => c.cancelsInvoiceId === invoice.id) ?? null,
        today,
      }),
    );
  }
}
