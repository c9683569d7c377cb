import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebModule } from '../web/web.module.js';
import { AuditEntry, AuditHead } from './audit-entry.entity.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';
import { AdminAuditPageController } from './web/admin-audit.page.controller.js';

/** Global: every module that changes data writes its audit entries through AuditService. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry, AuditHead]), WebModule],
  controllers: [AuditController, AdminAuditPageController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
