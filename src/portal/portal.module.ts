import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DocumentsModule } from '../documents/documents.module.js';
import { InvoicingModule } from '../invoicing/invoicing.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SignoffModule } from '../signoff/signoff.module.js';
import { WebModule } from '../web/web.module.js';
import { PortalDecisionsPageController } from './portal-decisions.page.controller.js';
import { PortalDecisionsService } from './portal-decisions.service.js';
import { PortalPageController } from './portal.page.controller.js';
import { PortalReadsService } from './portal-reads.service.js';
import { PortalRevisionView } from './portal-revision-view.entity.js';
import { PortalRevisionViews } from './portal-revision-views.service.js';

/**
 * The customer portal (role customer): pages over the projects, sign-off, documents and
 * invoicing services, read and decided as the logged-in customer user. Its one table
 * remembers which revisions a customer user has seen.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PortalRevisionView]),
    WebModule,
    ProjectsModule,
    SignoffModule,
    InvoicingModule,
    DocumentsModule,
  ],
  controllers: [PortalPageController, PortalDecisionsPageController],
  providers: [PortalReadsService, PortalDecisionsService, PortalRevisionViews],
})
export class PortalModule {}
