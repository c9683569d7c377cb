import { AdminTemplatesPageController } from './web/admin-templates.page.controller.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { StageDocumentMails } from './stage-document-mails.service.js';
import { ProjectActionsController } from './project-actions.controller.js';
import { ProjectDocumentsController } from './project-documents.controller.js';
import { ProjectDocumentsService } from './project-documents.service.js';
import { ProjectBillingService } from './project-billing.service.js';
import { ProjectGuard } from './project-guard.js';
import { ProjectRecordsService } from './project-records.service.js';
import { ProjectTemplate } from './project-template.entity.js';
import { ProjectTemplatesController } from './project-templates.controller.js';
import { ProjectTemplatesService } from './project-templates.service.js';
import { ProjectWorkController } from './project-work.controller.js';
import { ProjectWorkflowService } from './project-workflow.service.js';
import { ChangeRequestsService } from './change-requests.service.js';
import { ProjectDecisionsService } from './project-decisions.service.js';
import { ProjectDraftsService } from './project-drafts.service.js';
import { ProjectTimeService } from './project-time.service.js';
import { ProjectTransitions } from './project-transitions.service.js';
import { QaService } from './qa.service.js';
import { EstimateItem, Project, ProjectStageCount, Requirement } from './project.entity.js';
import { ProjectsController } from './projects.controller.js';
import { ProjectsService } from './projects.service.js';
import { AcceptanceRecord, QaCheck, QaRound } from './qa.entity.js';
import { ProjectRevision, RevisionDecision } from './revision.entity.js';
import { ChangeRequest, ScheduleChange, TimeEntry } from './work.entity.js';

import { WebModule } from '../web/web.module.js';
import { ProjectDashboardService } from './project-dashboard.service.js';
import { DashboardPageController } from './web/dashboard.page.controller.js';
import { ProjectEditPageController } from './web/project-edit.page.controller.js';
import { ProjectPagesService } from './web/project-pages.service.js';
import { TemplatePagesService } from './web/template-pages.service.js';
import { AdminTemplateContentPageController } from './web/admin-template-content.page.controller.js';
import { ProjectsPageController } from './web/projects.page.controller.js';
import { ProjectItemsPageController } from './web/project-items.page.controller.js';
import { ProjectWorkPageController } from './web/project-work.page.controller.js';

@Module({
  imports: [
    WebModule,
    TypeOrmModule.forFeature([
      Project,
      ProjectStageCount,
      Requirement,
      EstimateItem,
      ProjectRevision,
      RevisionDecision,
      TimeEntry,
      ChangeRequest,
      ScheduleChange,
      QaRound,
      QaCheck,
      AcceptanceRecord,
      ProjectTemplate,
    ]),
    CustomersModule,
    CompanyModule,
    AuthModule,
    DocumentsModule,
    MailModule,
  ],
  controllers: [
    DashboardPageController,
    ProjectsPageController,
    ProjectEditPageController,
    ProjectWorkPageController,
    ProjectItemsPageController,
    ProjectsController,
    ProjectActionsController,
    ProjectWorkController,
    ProjectTemplatesController,
    ProjectDocumentsController,
    AdminTemplatesPageController,
    AdminTemplateContentPageController,
  ],
  providers: [
    ProjectDashboardService,
    ProjectPagesService,
    TemplatePagesService,
    ProjectGuard,
    ProjectDocumentsService,
    StageDocumentMails,
    ProjectsService,
    ProjectTransitions,
    ProjectDraftsService,
    ProjectWorkflowService,
    ProjectDecisionsService,
    ChangeRequestsService,
    ProjectTimeService,
    QaService,
    ProjectRecordsService,
    ProjectTemplatesService,
    ProjectBillingService,
  ],
  exports: [
    ProjectsService,
    ProjectRecordsService,
    ProjectWorkflowService,
    ProjectBillingService,
    ProjectDecisionsService,
    ChangeRequestsService,
  ],
})
export class ProjectsModule {}
