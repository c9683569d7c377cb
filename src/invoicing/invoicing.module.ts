import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SupportModule } from '../support/support.module.js';
import { WebModule } from '../web/web.module.js';
import {
  IdempotencyKey,
  Invoice,
  InvoiceLine,
  InvoicePayment,
  InvoiceSeries,
} from './invoice.entity.js';
import { InvoiceAdminService } from './invoice-admin.service.js';
import { InvoiceCancellingService } from './invoice-cancelling.service.js';
import { InvoiceDraftsService } from './invoice-drafts.service.js';
import { InvoiceFiling } from './invoice-filing.service.js';
import { InvoiceIssuingService } from './invoice-issuing.service.js';
import { InvoicePaymentsService } from './invoice-payments.service.js';
import { InvoiceReader } from './invoice-reader.service.js';
import { InvoiceSendingService } from './invoice-sending.service.js';
import { InvoicesController } from './invoices.controller.js';
import { InvoicingAdminController } from './invoicing-admin.controller.js';
import { InvoiceFiguresService } from './invoice-figures.service.js';
import { FinanceActionsService } from './web/finance-actions.service.js';
import { FinanceDraftsPageController } from './web/finance-drafts.page.controller.js';
import { FinanceInvoicePageController } from './web/finance-invoice.page.controller.js';
import { FinancePagesService } from './web/finance-pages.service.js';
import { FinancePageController } from './web/finance.page.controller.js';
import { DatevExportService } from './datev/datev-export.service.js';
import { InvoicingSettingsService } from './invoicing-settings.service.js';
import { DatevController } from './datev/datev.controller.js';
import { InvoicingSetting, PaymentReminder } from './reminders/reminder.entity.js';
import { RemindersController } from './reminders/reminders.controller.js';
import { RemindersService } from './reminders/reminders.service.js';
import { ReminderPagesService } from './web/reminder-pages.service.js';
import { RemindersPageController } from './web/reminders.page.controller.js';
import { AdminSeriesPageController } from './web/admin-series.page.controller.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Invoice,
      InvoiceLine,
      InvoiceSeries,
      InvoicePayment,
      IdempotencyKey,
      PaymentReminder,
      InvoicingSetting,
    ]),
    CompanyModule,
    CustomersModule,
    DocumentsModule,
    MailModule,
    ProjectsModule,
    SupportModule,
    WebModule,
  ],
  // DatevController before InvoicesController: its `invoices/export.datev.csv` must win
  // over `invoices/:id`.
  controllers: [
    InvoicingAdminController,
    RemindersController,
    DatevController,
    InvoicesController,
    RemindersPageController,
    FinancePageController,
    FinanceDraftsPageController,
    FinanceInvoicePageController,
    AdminSeriesPageController,
  ],
  providers: [
    InvoiceReader,
    InvoiceDraftsService,
    InvoiceFiling,
    InvoiceIssuingService,
    InvoiceCancellingService,
    InvoicePaymentsService,
    InvoiceAdminService,
    InvoiceSendingService,
    InvoiceFiguresService,
    FinancePagesService,
    FinanceActionsService,
    InvoicingSettingsService,
    RemindersService,
    DatevExportService,
    ReminderPagesService,
  ],
  // InvoiceDraftsService: the support billing page hands a month's time to finance as a draft.
  exports: [InvoiceReader, InvoiceDraftsService],
})
export class InvoicingModule {}
