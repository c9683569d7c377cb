import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { ArticlesService } from './articles.service.js';
import {
  ArticlePage,
  ArticleQuery,
  ArticleResponse,
  CreateArticleDto,
  UpdateArticleDto,
} from './dto/article.dto.js';
import {
  SupportSettingsResponse,
  TimeReportQuery,
  TimeReportResponse,
  UpdateSupportSettingsDto,
} from './dto/billing.dto.js';
import { SupportBillingService } from './support-billing.service.js';
import { TimeReportDocumentService } from './time-report-document.service.js';
import { DocumentResponse } from '../documents/document.dto.js';
import { SupportSettingsService } from './support-settings.service.js';

/** Knowledge base, settings and billing of the support desk. */
@ApiTags('support')
@ApiBearerAuth()
@Controller('support')
export class SupportAdminController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly settings: SupportSettingsService,
    private readonly billing: SupportBillingService,
    private readonly timeReports: TimeReportDocumentService,
  ) {}

  /** Customers see public articles; contract_customers ones need a service contract and an AV agreement. */
  @Get('articles')
  @AnyRole()
  listArticles(@CurrentActor() actor: Actor, @Query() query: ArticleQuery): Promise<ArticlePage> {
    return this.articles.list(actor, query);
  }

  @Get('articles/:id')
  @AnyRole()
  getArticle(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ArticleResponse> {
    return this.articles.get(actor, id);
  }

  @Post('articles')
  @StaffOnly()
  createArticle(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateArticleDto,
  ): Promise<ArticleResponse> {
    return this.articles.create(actor, dto);
  }

  @Patch('articles/:id')
  @StaffOnly()
  updateArticle(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateArticleDto,
  ): Promise<ArticleResponse> {
    return this.articles.update(actor, id, dto);
  }

  @Get('settings')
  @StaffOnly()
  getSettings(): Promise<SupportSettingsResponse> {
    return this.settings.get();
  }

  @Patch('settings')
  @Roles('admin')
  updateSettings(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateSupportSettingsDto,
  ): Promise<SupportSettingsResponse> {
    return this.settings.update(actor, dto);
  }

  /** The Leistungsnachweis data: billable, not yet invoiced entries of a customer in a period. */
  @Get('billing/time-report')
  @StaffOnly()
  timeReport(
    @CurrentActor() actor: Actor,
    @Query() query: TimeReportQuery,
  ): Promise<TimeReportResponse> {
    return this.billing.timeReport(actor, query);
  }

  /** The Leistungsnachweis as a stored PDF (download with GET /documents/:id/pdf). */
  @Post('billing/time-report/document')
  @StaffOnly()
  timeReportDocument(
    @CurrentActor() actor: Actor,
    @Body() query: TimeReportQuery,
  ): Promise<DocumentResponse> {
    return this.timeReports.issue(actor, query);
  }
}
