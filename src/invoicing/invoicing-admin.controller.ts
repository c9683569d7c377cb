import { Body, Controller, Get, Header, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import {
  CreateDownPaymentDto,
  CreateFinalInvoiceDto,
  ExportQuery,
  InvoicePage,
  InvoiceResponse,
  InvoiceSeriesResponse,
  OpenInvoicesQuery,
  PaymentPage,
  PaymentQuery,
  PaymentResponse,
  RecordPaymentDto,
  UpdateInvoiceSeriesDto,
} from './invoice.dto.js';
import { InvoiceAdminService } from './invoice-admin.service.js';
import { InvoiceDraftsService } from './invoice-drafts.service.js';
import { InvoicePaymentsService } from './invoice-payments.service.js';

/** Project invoice drafts, payments, number series and the tax adviser's export. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller()
export class InvoicingAdminController {
  constructor(
    private readonly drafts: InvoiceDraftsService,
    private readonly payments: InvoicePaymentsService,
    private readonly admin: InvoiceAdminService,
  ) {}

  @Post('projects/:id/invoices/final')
  @Roles('finance', 'admin')
  final(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateFinalInvoiceDto,
  ): Promise<InvoiceResponse> {
    return this.drafts.createFinal(actor, id, dto);
  }

  @Post('projects/:id/invoices/down-payment')
  @Roles('finance', 'admin')
  downPayment(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateDownPaymentDto,
  ): Promise<InvoiceResponse> {
    return this.drafts.createDownPayment(actor, id, dto);
  }

  @Post('payments')
  @Roles('finance', 'admin')
  recordPayment(
    @CurrentActor() actor: Actor,
    @Body() dto: RecordPaymentDto,
  ): Promise<PaymentResponse> {
    return this.payments.record(actor, dto);
  }

  @Get('payments')
  @Roles('finance', 'admin')
  listPayments(@CurrentActor() actor: Actor, @Query() query: PaymentQuery): Promise<PaymentPage> {
    return this.payments.list(actor, query);
  }

  @Get('payments/open')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: InvoicePage })
  open(@CurrentActor() actor: Actor, @Query() query: OpenInvoicesQuery): Promise<InvoicePage> {
    return this.payments.open(actor, query, false);
  }

  @Get('payments/overdue')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: InvoicePage })
  overdue(@CurrentActor() actor: Actor, @Query() query: OpenInvoicesQuery): Promise<InvoicePage> {
    return this.payments.open(actor, query, true);
  }

  @Get('invoice-series')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [InvoiceSeriesResponse] })
  series(): Promise<InvoiceSeriesResponse[]> {
    return this.admin.series();
  }

  @Get('invoice-series/:key')
  @Roles('finance', 'admin')
  oneSeries(@Param('key') key: string): Promise<InvoiceSeriesResponse> {
    return this.admin.oneSeries(key);
  }

  @Patch('invoice-series/:key')
  @Roles('admin')
  updateSeries(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Body() dto: UpdateInvoiceSeriesDto,
  ): Promise<InvoiceSeriesResponse> {
    return this.admin.updateSeries(actor, key, dto);
  }

  @Get('invoices/export.csv')
  @Roles('finance', 'admin')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  exportCsv(@Query() query: ExportQuery): Promise<string> {
    return this.admin.exportCsv(query);
  }
}
