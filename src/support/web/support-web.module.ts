import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { CompanyModule } from '../../company/company.module.js';
import { CustomersModule } from '../../customers/customers.module.js';
import { DocumentsModule } from '../../documents/documents.module.js';
import { InvoicingModule } from '../../invoicing/invoicing.module.js';
import { WebModule } from '../../web/web.module.js';
import { AttachmentUploadMiddleware } from '../attachment-upload.js';
import { SupportModule } from '../support.module.js';
import { PortalSupportPagesService } from './portal-support-pages.service.js';
import { PortalSupportPageController } from './portal-support.page.controller.js';
import { SubProcessorsPageController } from './sub-processors.page.controller.js';
import { SupportBillingPageController } from './support-billing.page.controller.js';
import { SupportKbPageController } from './support-kb.page.controller.js';
import { SupportPagesService } from './support-pages.service.js';
import { SupportQueuePageController } from './support-queue.page.controller.js';
import { SupportSettingsPageController } from './support-settings.page.controller.js';
import { SupportTicketPageController } from './support-ticket.page.controller.js';

/**
 * The support desk's pages (staff console and customer portal). A module of its own because the
 * billing page hands time to the invoicing module, which itself imports the support module.
 */
@Module({
  imports: [
    SupportModule,
    InvoicingModule,
    WebModule,
    AuthModule,
    CompanyModule,
    CustomersModule,
    DocumentsModule,
  ],
  controllers: [
    SupportQueuePageController,
    SupportTicketPageController,
    SupportKbPageController,
    SupportBillingPageController,
    SubProcessorsPageController,
    SupportSettingsPageController,
    PortalSupportPageController,
  ],
  providers: [SupportPagesService, PortalSupportPagesService],
})
export class SupportWebModule implements NestModule {
  /** The forms that carry files: parsed before the page guard, which checks their CSRF field. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(AttachmentUploadMiddleware)
      .forRoutes(
        { path: 'portal/support/tickets', method: RequestMethod.POST },
        { path: 'portal/support/tickets/:id/replies', method: RequestMethod.POST },
        { path: 'console/support/tickets/:id/notes', method: RequestMethod.POST },
      );
  }
}
