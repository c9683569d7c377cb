import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SupportModule } from '../support/support.module.js';
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
import { WebModule } from '../web/web.module.js';
import { AdminSeriesPageController } from './web/admin-series.page.controller.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Invoice, InvoiceLine, InvoiceSeries, InvoicePayment, IdempotencyKey]),
    CompanyModule,
    CustomersModule,
    DocumentsModule,
    MailModule,
    ProjectsModule,
    SupportModule,
    WebModule,
  ],
  controllers: [InvoicingAdminController, InvoicesController, AdminSeriesPageController],
  providers: [
    InvoiceReader,
    InvoiceDraftsService,
    InvoiceFiling,
    InvoiceIssuingService,
    InvoiceCancellingService,
    InvoicePaymentsService,
    InvoiceAdminService,
    InvoiceSendingService,
  ],
  exports: [InvoiceReader],
})
export class InvoicingModule {}
