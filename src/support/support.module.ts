import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ArticleFeedbackService } from './article-feedback.service.js';
import { ArticlesService } from './articles.service.js';
import { SubProcessorsController } from './sub-processors.controller.js';
import { SubProcessorsService } from './sub-processors.service.js';
import {
  ArticleFeedback,
  SubProcessor,
  SupportOrder,
  SupportTimer,
} from './support-desk-extras.entity.js';
import { SupportOrdersService } from './support-orders.service.js';
import { SupportTimersService } from './support-timers.service.js';
import { SupportQuote, SupportTimeEntry } from './billing.entity.js';
import { PersonalDataService } from './personal-data.service.js';
import { QuotesService } from './quotes.service.js';
import { SupportAdminController } from './support-admin.controller.js';
import { SupportBillingOverviewService } from './support-billing-overview.service.js';
import { SupportBillingService } from './support-billing.service.js';
import { SupportQueueService } from './support-queue.service.js';
import { SupportArticle, SupportSettings } from './support-settings.entity.js';
import { SupportSettingsService } from './support-settings.service.js';
import { TicketDecisionsService } from './ticket-decisions.service.js';
import { TicketWorkController } from './ticket-work.controller.js';
import { TicketAttachmentsController } from './ticket-attachments.controller.js';
import { TicketAttachmentsService } from './ticket-attachments.service.js';
import {
  AttachmentContent,
  CostDecisionRecord,
  CustomerNotice,
  PersonalDataAction,
  SupportTicket,
  TicketAttachment,
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
      SupportTimer,
      ArticleFeedback,
      SupportOrder,
      SubProcessor,
      TicketAttachment,
      AttachmentContent,
    ]),
    AuthModule,
    CompanyModule,
    CustomersModule,
    DocumentsModule,
    MailModule,
  ],
  controllers: [
    TicketsController,
    TicketWorkController,
    SupportAdminController,
    SubProcessorsController,
    TicketAttachmentsController,
  ],
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
    SupportTimersService,
    SupportOrdersService,
    ArticleFeedbackService,
    SubProcessorsService,
    SupportBillingOverviewService,
    TicketAttachmentsService,
  ],
  // For the invoicing and sign-off modules: claimEntries/timeReport, decideQuote; the rest for
  // the support pages (SupportWebModule) and the admin pages (SubProcessorsService).
  exports: [
    SupportBillingService,
    QuotesService,
    TicketsService,
    SupportQueueService,
    TicketDecisionsService,
    TimeEntriesService,
    PersonalDataService,
    ArticlesService,
    SupportSettingsService,
    TimeReportDocumentService,
    SupportTimersService,
    SupportOrdersService,
    ArticleFeedbackService,
    SubProcessorsService,
    SupportBillingOverviewService,
    TicketAttachmentsService,
  ],
})
export class SupportModule {}
