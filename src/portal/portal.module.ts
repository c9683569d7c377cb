import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { InvoicingModule } from '../invoicing/invoicing.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SignoffModule } from '../signoff/signoff.module.js';
import { WebModule } from '../web/web.module.js';
import { PortalDecisionsPageController } from './portal-decisions.page.controller.js';
import { PortalDecisionsService } from './portal-decisions.service.js';
import { PortalPageController } from './portal.page.controller.js';
import { PortalReadsService } from './portal-reads.service.js';

/**
 * The customer portal (role customer): pages over the projects, sign-off, documents and
 * invoicing services, read and decided as the logged-in customer user. It owns no table.
 */
@Module({
  imports: [WebModule, ProjectsModule, SignoffModule, InvoicingModule, DocumentsModule],
  controllers: [PortalPageController, PortalDecisionsPageController],
  providers: [PortalReadsService, PortalDecisionsService],
})
export class PortalModule {}
