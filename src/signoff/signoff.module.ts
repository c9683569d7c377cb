import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CompanyModule } from '../company/company.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DocumentsModule } from '../documents/documents.module.js';
import { MailModule } from '../mail/mail.module.js';
import { ProjectsModule } from '../projects/projects.module.js';
import { SupportModule } from '../support/support.module.js';
import { SignoffDecisionsService } from './signoff-decisions.service.js';
import { SignoffEvidence } from './signoff-evidence.service.js';
import { SignoffLimiter } from './signoff-limiter.service.js';
import { SignoffPageController } from './signoff-page.controller.js';
import { SignoffPageService } from './signoff-page.service.js';
import { SignoffPortalController } from './signoff-portal.controller.js';
import { SignoffPortalService } from './signoff-portal.service.js';
import { SignoffReminders } from './signoff-reminders.service.js';
import { SignoffRequestsService } from './signoff-requests.service.js';
import { SignoffSubjects } from './signoff-subjects.service.js';
import { SignoffVerifyService } from './signoff-verify.service.js';
import { SignoffController } from './signoff.controller.js';
import {
  SignoffDecision,
  SignoffLink,
  SignoffRequest,
  SignoffTokenFailure,
} from './signoff.entity.js';
import { VerifyController } from './verify.controller.js';

import { WebModule } from '../web/web.module.js';
import { SignoffPagesService } from './web/signoff-pages.service.js';
import { SignoffPageConsoleController } from './web/signoff.page.controller.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([SignoffRequest, SignoffLink, SignoffDecision, SignoffTokenFailure]),
    CompanyModule,
    CustomersModule,
    DocumentsModule,
    MailModule,
    ProjectsModule,
    SupportModule,
    WebModule,
  ],
  controllers: [
    SignoffPageConsoleController,
    SignoffController,
    SignoffPageController,
    SignoffPortalController,
    VerifyController,
  ],
  providers: [
    SignoffSubjects,
    SignoffRequestsService,
    SignoffDecisionsService,
    SignoffEvidence,
    SignoffPageService,
    SignoffPortalService,
    SignoffVerifyService,
    SignoffLimiter,
    SignoffReminders,
    SignoffPagesService,
  ],
  exports: [SignoffReminders, SignoffPortalService],
})
export class SignoffModule {}
