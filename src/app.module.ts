import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CompanyModule } from './company/company.module.js';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { CoreModule } from './core.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DOCUMENT_KIND_DEFINITIONS } from './document-kinds.js';
import { DocumentKindsModule, DocumentsModule } from './documents/documents.module.js';
import { HealthModule } from './health/health.module.js';
import { InvoicingModule } from './invoicing/invoicing.module.js';
import { MailModule } from './mail/mail.module.js';
import { PortalModule } from './portal/portal.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { SignoffModule } from './signoff/signoff.module.js';
import { SupportModule } from './support/support.module.js';
import { SupportWebModule } from './support/web/support-web.module.js';

/** What tests may replace in a real app instance. */
export interface AppOverrides {
  clock?: Clock;
  /** Where the JSON log lines go instead of stdout. */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, overrides.clock),
        DatabaseModule.forRoot(config),
        DocumentKindsModule.forRoot(DOCUMENT_KIND_DEFINITIONS),
        AuditModule,
        AuthModule,
        CompanyModule,
        CustomersModule,
        DocumentsModule,
        HealthModule,
        InvoicingModule,
        MailModule,
        PortalModule,
        ProjectsModule,
        SignoffModule,
        SupportModule,
        SupportWebModule,
      ],
    };
  }
}
