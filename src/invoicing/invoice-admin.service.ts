import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Between, DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { centsToDecimal } from '../common/money.js';
import { Sequences } from '../database/sequences.js';
import { Transactions } from '../database/transactions.js';
import type { ExportQuery, InvoiceSeriesResponse, UpdateInvoiceSeriesDto } from './invoice.dto.js';
import { Invoice, InvoiceSeries, type InvoiceSeriesKey } from './invoice.entity.js';
import { counterKey, formatNumber, patternProblem } from './number-pattern.js';

/**
 * The tax adviser's CSV, stable and documented: `;`-separated, UTF-8, CRLF, a header row,
 * amounts with a decimal comma, days as YYYY-MM-DD. One row per issued invoice, cancellation
 * and cancelled invoice, in number order. Columns never change meaning; new ones are added
 * at the end.
 */
export const EXPORT_COLUMNS = [
  'number',
  'issue_date',
  'type',
  'status',
  'customer_number',
  'customer_name',
  'customer_vat_id',
  'vat_case',
  'net_19',
  'vat_19',
  'net_7',
  'vat_7',
  'net_0',
  'net_total',
  'vat_total',
  'gross_total',
  'prepaid',
  'amount_due',
  'cancels_number',
] as const;

/** Number series settings and the CSV export. */
@Injectable()
export class InvoiceAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly sequences: Sequences,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async series(): Promise<InvoiceSeriesResponse[]> {
    const rows = await this.dataSource.getRepository(InvoiceSeries).find({ order: { key: 'ASC' } });
    return Promise.all(rows.map((s) => this.toSeriesResponse(s)));
  }

  async oneSeries(key: string): Promise<InvoiceSeriesResponse> {
    const series = await this.dataSource
      .getRepository(InvoiceSeries)
      .findOneBy({ key: key as InvoiceSeriesKey });
    if (!series) throw notFound('INVOICE_SERIES.NOT_FOUND', key);
    return this.toSeriesResponse(series);
  }

  async updateSeries(
    actor: Actor,
    key: string,
    dto: UpdateInvoiceSeriesDto,
  ): Promise<InvoiceSeriesResponse> {
    const problem = patternProblem(dto.pattern);
    if (problem) throw validationError([{ field: 'pattern', messages: [problem] }]);
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(InvoiceSeries, { key: key as InvoiceSeriesKey });
      if (!before) throw notFound('INVOICE_SERIES.NOT_FOUND', key);
      await tx.manager
        .createQueryBuilder()
        .update(InvoiceSeries)
        .set({ pattern: dto.pattern })
        .where('key = :key AND version = :version', { key, version: dto.version })
        .execute()
        .then((r) => {
          if (r.affected !== 1) {
            throw new DomainError(
              'conflict',
              'INVOICE_SERIES.VERSION_CONFLICT',
              'The series changed meanwhile; reload',
            );
          }
        });
      await this.audit.record(tx, actor, {
        entityType: 'invoice_series',
        entityId: key,
        action: 'updated',
        changes: { pattern: { from: before.pattern, to: dto.pattern } },
      });
    });
    return await this.toSeriesResponse(
      await this.dataSource
        .getRepository(InvoiceSeries)
        .findOneByOrFail({ key: key as InvoiceSeriesKey }),
    );
  }

  async exportCsv(query: ExportQuery): Promise<string> {
    const invoices = await this.dataSource.getRepository(Invoice).find({
      where: { status: In(['issued', 'cancelled']), issueDate: Between(query.from, query.to) },
      order: { issueDate: 'ASC', number: 'ASC' },
    });
    const originals = new Map(
      (
        await this.dataSource.getRepository(Invoice).findBy({
          id: In(invoices.map((i) => i.cancelsInvoiceId).filter((x): x is string => !!x)),
        })
      ).map((i) => [i.id, i.number]),
    );
    const money = (cents: number) => centsToDecimal(cents).replace('.', ',');
    const rows = invoices.map((invoice) => {
      const s = invoice.snapshot!;
      const at = (rate: number, field: 'baseCents' | 'amountCents') =>
        s.vat
          .filter((v) => v.category === 'S' && v.rateBp === rate)
          .reduce((n, v) => n + v[field], 0);
      const zero = s.vat.filter((v) => v.category !== 'S').reduce((n, v) => n + v.baseCents, 0);
      return [
        invoice.number!,
        invoice.issueDate!,
        s.typeCode,
        invoice.status,
        s.buyer.number,
        s.buyer.name,
        s.buyer.vatId ?? '',
        s.vatCase,
        money(at(1900, 'baseCents')),
        money(at(1900, 'amountCents')),
        money(at(700, 'baseCents')),
        money(at(700, 'amountCents')),
        money(zero),
        money(s.totals.netCents),
        money(s.totals.vatCents),
        money(s.totals.grossCents),
        money(s.totals.prepaidCents),
        money(s.totals.dueCents),
        invoice.cancelsInvoiceId ? (originals.get(invoice.cancelsInvoiceId) ?? '') : '',
      ];
    });
    return [EXPORT_COLUMNS as readonly string[], ...rows]
      .map((row) => row.map(csvField).join(';'))
      .join('\r\n')
      .concat('\r\n');
  }

  /** `example` is the number the next invoice of the series would get if issued today. */
  private async toSeriesResponse(series: InvoiceSeries): Promise<InvoiceSeriesResponse> {
    const today = this.clock.today();
    const next = await this.sequences.peek(
      this.dataSource.manager,
      counterKey(series.key, series.pattern, today),
    );
    return {
      key: series.key,
      pattern: series.pattern,
      example: formatNumber(series.pattern, today, next),
      version: series.version,
    };
  }
}

function csvField(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
