import { Body, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CONTRACT_EDITORS } from '../contract-rules.js';
import { ContractsService } from '../contracts.service.js';
import { CustomersService } from '../customers.service.js';
import {
  coveredHoursOfForm,
  PageContactDto,
  PageContactUpdateDto,
  PageContractDto,
  PageContractEndDto,
  PageContractUpdateDto,
} from './customer-pages.dto.js';

const STAFF = ['admin', 'consultant', 'finance'] as const;
const back = (id: string, anchor: string) => `/console/customers/${id}${anchor}`;

/**
 * The customer page's forms for its contacts (all staff, as the API) and contracts (only the
 * contract editors, as the API). Each edit posts the version it was rendered from.
 */
@PageController('console/customers/:id')
export class CustomerPartsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly customers: CustomersService,
    private readonly contracts: ContractsService,
  ) {}

  @Post('contacts')
  @PageRoles(...STAFF)
  async addContact(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageContactDto,
    @Res() res: Response,
  ) {
    await this.customers.addContact(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id, '#contacts'), 'customers.notice.saved');
  }

  @Post('contacts/:contactId')
  @PageRoles(...STAFF)
  async updateContact(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('contactId') contactId: string,
    @Body() dto: PageContactUpdateDto,
    @Res() res: Response,
  ) {
    await this.customers.updateContact(page.actor, id, contactId, dto);
    await this.renderer.redirect(res, page, back(id, '#contacts'), 'customers.notice.saved');
  }

  @Post('contracts')
  @PageRoles(...CONTRACT_EDITORS)
  async addContract(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageContractDto,
    @Res() res: Response,
  ) {
    const { hours, ...contract } = dto;
    const coveredHours = coveredHoursOfForm(hours) ?? undefined;
    await this.contracts.create(page.actor, id, { ...contract, coveredHours });
    await this.renderer.redirect(res, page, back(id, '#contracts'), 'customers.notice.saved');
  }

  @Post('contracts/:contractId')
  @PageRoles(...CONTRACT_EDITORS)
  async updateContract(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('contractId') contractId: string,
    @Body() dto: PageContractUpdateDto,
    @Res() res: Response,
  ) {
    const { hours, ...contract } = dto;
    // A contract without hour rows (not a service contract) leaves its hours as they are.
    const coveredHours = hours === undefined ? undefined : coveredHoursOfForm(hours);
    await this.contracts.update(page.actor, id, contractId, { ...contract, coveredHours });
    await this.renderer.redirect(res, page, back(id, '#contracts'), 'customers.notice.saved');
  }

  /** Ends the contract: its last day in force (the API's update with an end date). */
  @Post('contracts/:contractId/end')
  @PageRoles(...CONTRACT_EDITORS)
  async endContract(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('contractId') contractId: string,
    @Body() dto: PageContractEndDto,
    @Res() res: Response,
  ) {
    await this.contracts.update(page.actor, id, contractId, dto);
    await this.renderer.redirect(res, page, back(id, '#contracts'), 'customers.notice.ended');
  }
}
