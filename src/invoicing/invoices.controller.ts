import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import {
  CancelInvoiceDto,
  CancellationResponse,
  CreateInvoiceDto,
  CreateSupportInvoiceDto,
  InvoiceDeliveryResponse,
  InvoicePage,
  InvoiceQuery,
  InvoiceResponse,
  SendInvoiceDto,
  UpdateInvoiceDto,
} from './invoice.dto.js';
import { InvoiceDraftsService } from './invoice-drafts.service.js';
import { InvoiceCancellingService } from './invoice-cancelling.service.js';
import { InvoiceIssuingService } from './invoice-issuing.service.js';
import { InvoiceReader } from './invoice-reader.service.js';
import { InvoiceSendingService } from './invoice-sending.service.js';

/** Invoices: drafts, issuing, cancellation, downloads. Finance and admins; customers read their own. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly reader: InvoiceReader,
    private readonly drafts: InvoiceDraftsService,
    private readonly issuing: InvoiceIssuingService,
    private readonly cancelling: InvoiceCancellingService,
    private readonly sending: InvoiceSendingService,
  ) {}

  @Get()
  @AnyRole()
  @ApiOkResponse({ type: InvoicePage })
  list(@CurrentActor() actor: Actor, @Query() query: InvoiceQuery): Promise<InvoicePage> {
    return this.reader.list(actor, query);
  }

  /** A draft with free lines (e.g. a partial invoice for delivered work). */
  @Post()
  @Roles('finance', 'admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInvoiceDto): Promise<InvoiceResponse> {
    return this.drafts.createManual(actor, dto);
  }

  /** A draft from the customer's unbilled, billable support time in the period. */
  @Post('support')
  @Roles('finance', 'admin')
  createSupport(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSupportInvoiceDto,
  ): Promise<InvoiceResponse> {
    return this.drafts.createSupport(actor, dto);
  }

  @Get(':id')
  @AnyRole()
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<InvoiceResponse> {
    return this.reader.get(actor, id);
  }

  @Patch(':id')
  @Roles('finance', 'admin')
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateInvoiceDto,
  ): Promise<InvoiceResponse> {
    return this.drafts.update(actor, id, dto);
  }

  /** A draft has no number yet and may be thrown away; issued invoices are only cancelled. */
  @Delete(':id')
  @HttpCode(204)
  @Roles('finance', 'admin')
  async remove(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<void> {
    await this.drafts.remove(actor, id);
  }

  /** Number, snapshot, PDF/A-3 + factur-x.xml, audit: all or nothing. */
  @Post(':id/issue')
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  issue(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<InvoiceResponse> {
    return this.issuing.issue(actor, id, idempotencyKey);
  }

  /** Issues the Stornorechnung and returns it with a new draft to correct. */
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('finance', 'admin')
  cancel(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CancelInvoiceDto,
  ): Promise<CancellationResponse> {
    return this.cancelling.cancel(actor, id, dto.reason);
  }

  @Get(':id/pdf')
  @AnyRole()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  pdf(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StreamableFile> {
    return this.reader.pdf(actor, id);
  }

  @Get(':id/xml')
  @AnyRole()
  @ApiProduces('application/xml')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  xml(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StreamableFile> {
    return this.reader.xml(actor, id);
  }

  /** E-mails the issued invoice (Factur-X PDF, optionally the XML alone); repeatable. */
  @Post(':id/send')
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [InvoiceDeliveryResponse] })
  send(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SendInvoiceDto,
  ): Promise<InvoiceDeliveryResponse[]> {
    return this.sending.send(actor, id, dto);
  }

  /** The e-mails of the invoice so far: to whom, when, sent or not. */
  @Get(':id/mails')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [InvoiceDeliveryResponse] })
  mails(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<InvoiceDeliveryResponse[]> {
    return this.sending.deliveries(actor, id);
  }
}
