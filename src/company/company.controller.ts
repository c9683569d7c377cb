import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import {
  CompanyResponse,
  CreateServiceRateDto,
  ServiceRatePage,
  ServiceRateQuery,
  ServiceRateResponse,
  UpdateCompanyDto,
  UpdateServiceRateDto,
} from './company.dto.js';
import { CompanyService } from './company.service.js';

@ApiTags('company')
@ApiBearerAuth()
@Controller()
export class CompanyController {
  constructor(private readonly company: CompanyService) {}

  /** The company's details as printed on every document. */
  @Get('company')
  @AnyRole()
  get(): Promise<CompanyResponse> {
    return this.company.get();
  }

  @Patch('company')
  @Roles('admin')
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateCompanyDto): Promise<CompanyResponse> {
    return this.company.update(actor, dto);
  }

  /** The price list (Verrechnungssätze). Increment and AE length are on /company. */
  @Get('price-list/services')
  @StaffOnly()
  listServices(@Query() query: ServiceRateQuery): Promise<ServiceRatePage> {
    return this.company.listServices(query);
  }

  @Post('price-list/services')
  @Roles('admin')
  createService(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateServiceRateDto,
  ): Promise<ServiceRateResponse> {
    return this.company.createService(actor, dto);
  }

  @Patch('price-list/services/:id')
  @Roles('admin')
  updateService(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateServiceRateDto,
  ): Promise<ServiceRateResponse> {
    return this.company.updateService(actor, id, dto);
  }
}
