import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { CONTRACT_EDITORS } from './contract-rules.js';
import { ContractsService } from './contracts.service.js';
import {
  ContactResponse,
  ContractResponse,
  CreateContactDto,
  CreateContractDto,
  CreateCustomerDto,
  CustomerDetailResponse,
  CustomerPage,
  CustomerQuery,
  UpdateContactDto,
  UpdateContractDto,
  UpdateCustomerDto,
} from './customer.dto.js';
import { CustomersService } from './customers.service.js';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly contracts: ContractsService,
  ) {}

  /** Staff see all customers; a customer user sees only their own. */
  @Get()
  @AnyRole()
  list(@CurrentActor() actor: Actor, @Query() query: CustomerQuery): Promise<CustomerPage> {
    return this.customers.list(actor, query);
  }

  @Post()
  @StaffOnly()
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateCustomerDto,
  ): Promise<CustomerDetailResponse> {
    return this.customers.create(actor, dto);
  }

  /** With contacts, contracts, and whether a service contract and an AV agreement are active today. */
  @Get(':id')
  @AnyRole()
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<CustomerDetailResponse> {
    return this.customers.get(actor, id);
  }

  @Patch(':id')
  @StaffOnly()
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerDetailResponse> {
    return this.customers.update(actor, id, dto);
  }

  @Get(':id/contacts')
  @AnyRole()
  listContacts(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ContactResponse[]> {
    return this.customers.listContacts(actor, id);
  }

  @Post(':id/contacts')
  @StaffOnly()
  addContact(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateContactDto,
  ): Promise<ContactResponse> {
    return this.customers.addContact(actor, id, dto);
  }

  @Patch(':id/contacts/:contactId')
  @StaffOnly()
  updateContact(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('contactId') contactId: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactResponse> {
    return this.customers.updateContact(actor, id, contactId, dto);
  }

  @Get(':id/contracts')
  @AnyRole()
  listContracts(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ContractResponse[]> {
    return this.contracts.list(actor, id);
  }

  @Post(':id/contracts')
  @Roles(...CONTRACT_EDITORS)
  addContract(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateContractDto,
  ): Promise<ContractResponse> {
    return this.contracts.create(actor, id, dto);
  }

  @Patch(':id/contracts/:contractId')
  @Roles(...CONTRACT_EDITORS)
  updateContract(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('contractId') contractId: string,
    @Body() dto: UpdateContractDto,
  ): Promise<ContractResponse> {
    return this.contracts.update(actor, id, contractId, dto);
  }
}
