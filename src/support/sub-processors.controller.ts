import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import {
  CreateSubProcessorDto,
  SubProcessorResponse,
  UpdateSubProcessorDto,
} from './dto/sub-processor.dto.js';
import { SubProcessorsService } from './sub-processors.service.js';

/** The sub-processor directory (GDPR Art. 28), kept by admins. */
@ApiTags('support')
@ApiBearerAuth()
@Controller('support/sub-processors')
export class SubProcessorsController {
  constructor(private readonly subProcessors: SubProcessorsService) {}

  @Get()
  @Roles('admin')
  list(@CurrentActor() actor: Actor): Promise<SubProcessorResponse[]> {
    return this.subProcessors.list(actor);
  }

  @Post()
  @Roles('admin')
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSubProcessorDto,
  ): Promise<SubProcessorResponse> {
    return this.subProcessors.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateSubProcessorDto,
  ): Promise<SubProcessorResponse> {
    return this.subProcessors.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  remove(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.subProcessors.remove(actor, id);
  }
}
