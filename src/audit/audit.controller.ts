import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access.js';
import { AuditPage, AuditQuery, AuditVerification } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditPage })
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }

  @Get('verify')
  @Roles('admin')
  @ApiOkResponse({ type: AuditVerification })
  verify() {
    return this.audit.verify();
  }
}
