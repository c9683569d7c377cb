import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/access.js';
import { Client } from './signoff-client.js';
import type { ClientContext } from './signoff-decisions.service.js';
import { SignoffDecisionsService } from './signoff-decisions.service.js';
import { SignoffHtmlFilter } from './signoff-html.filter.js';
import { SignoffPageService } from './signoff-page.service.js';
import { SIGNOFF_PAGE_CSP } from './signoff-pages.js';
import { ApproveSignoffDto, DeclineSignoffDto } from './signoff.dto.js';

/**
 * The personal sign-off link: the token in the URL is the credential (no cookie, so no CSRF
 * surface); decisions are POSTs that re-check everything server-side.
 */
@ApiExcludeController()
@Controller()
@UseFilters(SignoffHtmlFilter)
export class SignoffPageController {
  constructor(
    private readonly pages: SignoffPageService,
    private readonly decisions: SignoffDecisionsService,
  ) {}

  @Get('signoff-assets/page.css')
  @Public()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  css(): string {
    return this.pages.css;
  }

  @Get('signoff/:token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SIGNOFF_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  page(@Param('token') token: string, @Client() client: ClientContext): Promise<string> {
    return this.pages.page(token, client);
  }

  @Get('signoff/:token/document.pdf')
  @Public()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  document(
    @Param('token') token: string,
    @Client() client: ClientContext,
    @Query('download') download?: string,
  ): Promise<StreamableFile> {
    return this.decisions.linkDocument(token, client, download === '1');
  }

  @Post('signoff/:token/approve')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SIGNOFF_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  approve(
    @Param('token') token: string,
    @Client() client: ClientContext,
    @Body() dto: ApproveSignoffDto,
  ): Promise<string> {
    return this.pages.approve(token, client, dto);
  }

  @Post('signoff/:token/decline')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SIGNOFF_PAGE_CSP)
  @Header('Cache-Control', 'no-store')
  decline(
    @Param('token') token: string,
    @Client() client: ClientContext,
    @Body() dto: DeclineSignoffDto,
  ): Promise<string> {
    return this.pages.decline(token, client, dto);
  }
}
