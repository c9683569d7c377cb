import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ArticlesService } from './articles.service.js';
import { SupportQuote, SupportTimeEntry } from './billing.entity.js';
import { PersonalDataService } from './personal-data.service.js';
import { QuotesService } from './quotes.service.js';
import { SupportAdminController } from './support-admin.controller.js';
import { SupportBillingService } from './support-billing.service.js';
import { SupportQueueService } from './support-queue.service.js';
import { SupportArticle, SupportSettings } from './support-settings.entity.js';
import { SupportSettingsService } from './support-settings.service.js';
import { TicketDecisionsService } from './ticket-decisions.service.js';
import { TicketWorkController } from './ticket-work.controller.js';
import {
  CostDecisionRecord,
  CustomerNotice,
  PersonalDataAction,
  SupportTicket,
  TicketNote,
} from './ticket.entity.js';
import { TicketsController } from './tickets.controller.js';
import { TicketsService } from './tickets.service.js';
import { TimeEntriesService } from './time-entries.service.js';
import { TimeReportDocumentService } from './time-report-document.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      SupportTicket,
      TicketNote,
      CostDecisionRecord,
      CustomerNotice,
      PersonalDataAction,
      SupportQuote,
      SupportTimeEntry,
      SupportArticle,
      SupportSettings,
    ]),
    AuthModule,
    CompanyModule,
    CustomersModule,
    DocumentsModule,
    MailModule,
  ],
  controllers: [TicketsController, TicketWorkController, SupportAdminController],
  providers: [
    TicketsService,
    TimeReportDocumentService,
    SupportQueueService,
    TicketDecisionsService,
    QuotesService,
    TimeEntriesService,
    PersonalDataService,
    ArticlesService,
    SupportSettingsService,
    SupportBillingService,
  ],
  // For the invoicing and sign-off modules: claimEntries/timeReport, decideQuote.
  exports: [SupportBillingService, QuotesService],
})
export class SupportModule {}
