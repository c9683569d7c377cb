import {
  Body,
  Get,
  Header,
  Post,
  Query,
  Res,
  StreamableFile,
  type OnModuleInit,
} from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import { DocumentsService } from '../../documents/documents.service.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { DatevExportService } from '../datev/datev-export.service.js';
import { InvoiceAdminService } from '../invoice-admin.service.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import { RemindersService } from '../reminders/reminders.service.js';
import {
  ExportsPageQuery,
  PageDatevSettingsDto,
  PageDebtorAccountDto,
  PageDebtorRemoveDto,
  PageDunningSettingsDto,
  PageReminderRunDto,
  PeriodQuery,
  ReminderPageQuery,
} from './reminder-pages.dto.js';
import { ReminderPagesService } from './reminder-pages.service.js';

const FINANCE = ['finance', 'admin'] as const;

/** Finance: the reminder run and its settings; the exports (tax adviser CSV, DATEV) and DATEV settings. */
@PageController('console/finance')
export class RemindersPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: ReminderPagesService,
    private readonly reminders: RemindersService,
    private readonly settings: InvoicingSettingsService,
    private readonly documents: DocumentsService,
    private readonly datev: DatevExportService,
    private readonly admin: InvoiceAdminService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/finance/reminders',
      label: 'reminders.nav.reminders',
      roles: [...FINANCE],
      order: 62,
    });
    this.renderer.registerNav({
      href: '/console/finance/exports',
      label: 'reminders.nav.exports',
      roles: [...FINANCE],
      order: 64,
    });
  }

  /** What is due today (or, looking ahead, on `on`), the reminders sent, the settings. */
  @Get('reminders')
  @PageRoles(...FINANCE)
  async reminderRun(
    @CurrentPage() page: SignedInPage,
    @Query() query: ReminderPageQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.remindersPage(page.actor, query.on);
    const title = this.renderer.label(page.locale, 'reminders.run.title');
    this.renderer.page(res, 'finance-reminders/run', { ...view, title }, page);
  }

  @Post('reminders/run')
  @PageRoles(...FINANCE)
  async confirm(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageReminderRunDto,
    @Res() res: Response,
  ) {
    await this.reminders.confirm(page.actor, { invoiceIds: dto.invoiceIds });
    await this.renderer.redirect(res, page, '/console/finance/reminders', 'reminders.notice.sent');
  }

  @Post('reminders/settings')
  @PageRoles(...FINANCE)
  async saveDunning(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageDunningSettingsDto,
    @Res() res: Response,
  ) {
    await this.settings.updateDunning(page.actor, this.pages.dunningSettings(dto));
    await this.renderer.redirect(
      res,
      page,
      '/console/finance/reminders#settings',
      'reminders.notice.saved',
    );
  }

  /** A reminder's stored PDF, inline. */
  @Get('reminders/documents/:documentId/pdf')
  @PageRoles(...FINANCE)
  reminderPdf(
    @CurrentPage() page: SignedInPage,
    @IdParam('documentId') documentId: string,
  ): Promise<StreamableFile> {
    return this.documents.download(page.actor, documentId);
  }

  @Get('exports')
  @PageRoles(...FINANCE)
  async exports(
    @CurrentPage() page: SignedInPage,
    @Query() query: ExportsPageQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.exportsPage(page.actor, query);
    const title = this.renderer.label(page.locale, 'reminders.exports.title');
    this.renderer.page(res, 'finance-reminders/exports', { ...view, title }, page);
  }

  @Get('exports/datev.csv')
  @PageRoles(...FINANCE)
  async datevCsv(
    @CurrentPage() page: SignedInPage,
    @Query() query: PeriodQuery,
  ): Promise<StreamableFile> {
    const file = await this.datev.export(page.actor, query.from, query.to);
    return new StreamableFile(file.bytes, {
      type: 'text/csv; charset=windows-1252',
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Get('exports/tax-adviser.csv')
  @PageRoles(...FINANCE)
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="rechnungsausgang.csv"')
  taxAdviserCsv(@Query() query: PeriodQuery): Promise<string> {
    return this.admin.exportCsv(query);
  }

  @Post('exports/datev-settings')
  @PageRoles(...FINANCE)
  async saveDatev(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageDatevSettingsDto,
    @Res() res: Response,
  ) {
    await this.settings.updateDatev(page.actor, await this.pages.datevSettings(dto));
    await this.renderer.redirect(
      res,
      page,
      '/console/finance/exports#datev-settings',
      'reminders.notice.saved',
    );
  }

  /** A customer's own debtor account (added, or replaced), through `PUT /invoices/datev/settings`'s service. */
  @Post('exports/debtor-accounts')
  @PageRoles(...FINANCE)
  async addDebtorAccount(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageDebtorAccountDto,
    @Res() res: Response,
  ) {
    await this.settings.updateDatev(page.actor, await this.pages.withDebtorAccount(dto));
    await this.renderer.redirect(
      res,
      page,
      '/console/finance/exports#debtor-accounts',
      'reminders.notice.saved',
    );
  }

  @Post('exports/debtor-accounts/remove')
  @PageRoles(...FINANCE)
  async removeDebtorAccount(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageDebtorRemoveDto,
    @Res() res: Response,
  ) {
    await this.settings.updateDatev(page.actor, await this.pages.withoutDebtorAccount(dto));
    await this.renderer.redirect(
      res,
      page,
      '/console/finance/exports#debtor-accounts',
      'reminders.notice.saved',
    );
  }
}
