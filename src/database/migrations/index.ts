import { Foundation1795300000000 } from './1795300000000-foundation.js';
import { Projects1795400000000 } from './1795400000000-projects.js';
import { Support1795500000000 } from './1795500000000-support.js';
import { CustomerNoticeMail1796000000000 } from './1796000000000-customer-notice-mail.js';
import { AnalysisFee1796100000000 } from './1796100000000-analysis-fee.js';
import { OrderedWork1796110000000 } from './1796110000000-ordered-work.js';
import { ContractCoveredHours1796120000000 } from './1796120000000-contract-covered-hours.js';
import { FederalStateHolidays1796130000000 } from './1796130000000-federal-state-holidays.js';
import { PartnerReferral1796140000000 } from './1796140000000-partner-referral.js';
import { EntryGoodwill1796150000000 } from './1796150000000-entry-goodwill.js';
import { Documents1795600000000 } from './1795600000000-documents.js';
import { FrozenProjectRecords1795900000000 } from './1795900000000-frozen-project-records.js';
import { RateLimits1795950000000 } from './1795950000000-rate-limits.js';
import { ListIndexes1796200000000 } from './1796200000000-list-indexes.js';
import { SupportQueueIndex1796210000000 } from './1796210000000-support-queue-index.js';
import { ContactSalutation1796300000000 } from './1796300000000-contact-salutation.js';
import { CompanyLegalForm1796300000001 } from './1796300000001-company-legal-form.js';
import { CustomerInvoiceEmail1796300000002 } from './1796300000002-customer-invoice-email.js';
import { Invoicing1795700000000 } from './1795700000000-invoicing.js';
import { Signoff1795800000000 } from './1795800000000-signoff.js';
import { WebSessions1796400000000 } from './1796400000000-web-sessions.js';
import { DashboardIndexes1796410000000 } from './1796410000000-dashboard-indexes.js';
import { SignoffProjectIndex1796420000000 } from './1796420000000-signoff-project-index.js';
import { PortalRevisionViews1796450000000 } from './1796450000000-portal-revision-views.js';
import { DashboardOrderIndexes1796470000000 } from './1796470000000-dashboard-order-indexes.js';
import { FinanceIndexes1796480000000 } from './1796480000000-finance-indexes.js';
import { PaymentRemindersDatev1796490000000 } from './1796490000000-payment-reminders-datev.js';
import { SupportDeskPages1796500000000 } from './1796500000000-support-desk-pages.js';
import { TicketAttachments1796550000000 } from './1796550000000-ticket-attachments.js';
import { AuditOutboxIndexes1796570000000 } from './1796570000000-audit-outbox-indexes.js';
import { DashboardDueIndex1796583100000 } from './1796583100000-dashboard-due-index.js';
import { ProjectStageCounts1796600000000 } from './1796600000000-project-stage-counts.js';

/**
 * Every migration, in timestamp order (TypeORM runs them sorted by timestamp whatever the
 * list says). Committed migrations are never edited; add a new one.
 */
export const MIGRATIONS = [
  Foundation1795300000000,
  Projects1795400000000,
  Support1795500000000,
  Documents1795600000000,
  Invoicing1795700000000,
  Signoff1795800000000,
  FrozenProjectRecords1795900000000,
  RateLimits1795950000000,
  CustomerNoticeMail1796000000000,
  AnalysisFee1796100000000,
  OrderedWork1796110000000,
  ContractCoveredHours1796120000000,
  FederalStateHolidays1796130000000,
  PartnerReferral1796140000000,
  EntryGoodwill1796150000000,
  ListIndexes1796200000000,
  SupportQueueIndex1796210000000,
  ContactSalutation1796300000000,
  CompanyLegalForm1796300000001,
  CustomerInvoiceEmail1796300000002,
  WebSessions1796400000000,
  DashboardIndexes1796410000000,
  SignoffProjectIndex1796420000000,
  PortalRevisionViews1796450000000,
  DashboardOrderIndexes1796470000000,
  FinanceIndexes1796480000000,
  PaymentRemindersDatev1796490000000,
  SupportDeskPages1796500000000,
  TicketAttachments1796550000000,
  AuditOutboxIndexes1796570000000,
  DashboardDueIndex1796583100000,
  ProjectStageCounts1796600000000,
];
