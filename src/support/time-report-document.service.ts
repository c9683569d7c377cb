import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions } from '../database/transactions.js';
import type { DocumentResponse } from '../documents/document.dto.js';
import { toDocumentResponse } from '../documents/document.dto.js';
import type { DocumentLocale } from '../documents/document-views.js';
import { DocumentsService } from '../documents/documents.service.js';
import { companyView, customerView, salutationOf } from '../documents/letter-views.js';
import { formatPeriod } from '../documents/locale-format.js';
import type { TimeReportQuery } from './dto/billing.dto.js';
import type { SupportTimeReport } from './support-billing.js';
import { SupportBillingService } from './support-billing.service.js';
import type { TimeReportView } from './time-report-view.js';

const TITLE: Record<DocumentLocale, string> = { de: 'Leistungsnachweis', en: 'Time report' };

/**
 * The time report (Leistungsnachweis) as a stored, hash-stamped PDF in the customer's
 * language: the billable support entries of a period not yet invoiced, as the invoice will
 * bill them.
 */
@Injectable()
export class TimeReportDocumentService {
  constructor(
    private readonly billing: SupportBillingService,
    private readonly documents: DocumentsService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly transactions: Transactions,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, query: TimeReportQuery): Promise<DocumentResponse> {
    const report = await this.billing.timeReport(actor, query);
    if (report.lines.length === 0) {
      throw new DomainError(
        'unprocessable',
        'SUPPORT.NOTHING_TO_REPORT',
        'No billable support time of this customer in the period is left to report',
        { customerId: query.customerId, from: query.from, to: query.to },
      );
    }
    const [profile, customer, contacts] = await Promise.all([
      this.company.profile(),
      this.customers.findVisible(actor, query.customerId),
      this.customers.listContacts(actor, query.customerId),
    ]);
    const locale = customer.language;
    const signatory = contacts.find((c) => c.isSignatory && c.active) ?? null;
    const attention = signatory?.name ?? null;
    const view: TimeReportView = {
      company: companyView(profile),
      customer: customerView(customer, attention, profile.countryCode, locale),
      salutation: salutationOf(signatory, locale),
      documentDate: this.clock.today(),
      projectNumber: 'Support',
      projectTitle: `${TITLE[locale]} ${formatPeriod(report.period.from, report.period.to, locale).replace(/\u00a0/g, ' ')}`,
      contact: { name: actor.name, email: actor.email, phone: profile.phone },
      ...timeReportLines(report),
    };
    const record = await this.transactions.run((tx) =>
      this.documents.issue(tx, actor, {
        kind: 'time-report',
        customerId: customer.id,
        ownerType: 'support_time_report',
        ownerId: customer.id,
        title: `${TITLE[locale]} ${customer.number}`,
        versionLabel: `${report.period.from} – ${report.period.to}`,
        locale,
        draft: false,
        view,
      }),
    );
    return toDocumentResponse(record);
  }
}

/** The report's lines and totals as the template prints them. */
export function timeReportLines(
  report: SupportTimeReport,
): Pick<
  TimeReportView,
  | 'period'
  | 'lines'
  | 'rawMinutes'
  | 'billedMinutes'
  | 'afterHoursSurchargeCents'
  | 'goodwillCents'
  | 'netCents'
  | 'goodwillNotes'
> {
  const notes = new Map<string, string>();
  for (const line of report.lines) {
    if (line.goodwillReason)
      notes.set(
        `${line.ticketNumber} ${line.basis}`,
        `${line.ticketNumber}: ${line.goodwillReason}`,
      );
  }
  return {
    period: report.period,
    lines: report.lines.map((line) => ({
      day: line.day,
      ticketNumber: line.ticketNumber,
      ticketTitle: line.ticketTitle,
      description: line.description,
      serviceName: line.serviceName,
      analysisFee: line.basis === 'analysis',
      outsideCoverage: line.basis === 'outside_coverage',
      rawMinutes: line.rawMinutes,
      billedMinutes: line.billedMinutes,
      quantity: line.quantityMilli,
      unit: line.unit,
      unitPriceCents: line.unitPriceCents,
      afterHoursSurchargeCents: line.afterHoursSurchargeCents,
      goodwillCents: line.goodwillCents,
      netCents: line.lineNetCents,
    })),
    rawMinutes: report.totals.rawMinutes,
    billedMinutes: report.totals.billedMinutes,
    afterHoursSurchargeCents: report.totals.afterHoursSurchargeCents,
    goodwillCents: report.totals.goodwillCents,
    netCents: report.totals.netCents,
    goodwillNotes: [...notes.values()],
  };
}
