import { Body, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ROLES } from '../../common/access.js';
import type { PageContext, SignedInPage } from '../../web/page-context.js';
import {
  AnonymousPage,
  CurrentPage,
  PageAnonymous,
  PageController,
  PageRoles,
} from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ChangePasswordDto } from '../auth.dto.js';
import { AuthService } from '../auth.service.js';
import { LocaleDto, PageLoginDto } from './auth-pages.dto.js';
import { homeFor, WebLoginService } from './web-login.service.js';

/** Login, logout, home and the user's own account page. */
@PageController()
export class AuthPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly logins: WebLoginService,
    private readonly auth: AuthService,
  ) {}

  @Get('login')
  @PageAnonymous()
  loginForm(
    @AnonymousPage() page: PageContext,
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('error') error?: string,
    @Query('notice') notice?: string,
  ): void {
    const loginCsrf = this.logins.formToken(req, res);
    this.renderer.page(res, 'auth/login', { next, error, notice, loginCsrf }, page);
  }

  /** Rate-limited like the API's login (per address and e-mail, and per address). */
  @Post('login')
  @PageAnonymous()
  @UseGuards(ThrottlerGuard)
  login(
    @AnonymousPage() page: PageContext,
    @Body() dto: PageLoginDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    return this.logins.login(dto, page.sessionId, req, res);
  }

  @Post('logout')
  @PageRoles(...ROLES)
  logout(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    return this.logins.logout(page.sessionId, res);
  }

  @Get()
  @PageRoles(...ROLES)
  home(@CurrentPage() page: SignedInPage, @Res() res: Response): void {
    res.redirect(303, homeFor(page.actor.role));
  }

  @Get('account')
  @PageRoles(...ROLES)
  account(@CurrentPage() page: SignedInPage, @Res() res: Response): void {
    this.renderer.page(res, 'auth/account', { user: page.actor }, page);
  }

  @Post('account/password')
  @PageRoles(...ROLES)
  async changePassword(
    @CurrentPage() page: SignedInPage,
    @Body() dto: ChangePasswordDto,
    @Res() res: Response,
  ) {
    await this.auth.changePassword(page.actor, dto, page.sessionId);
    await this.renderer.redirect(res, page, '/account', 'auth.account.passwordChanged');
  }

  @Post('account/locale')
  @PageRoles(...ROLES)
  async setLocale(@CurrentPage() page: SignedInPage, @Body() dto: LocaleDto, @Res() res: Response) {
    await this.auth.setLocale(page.actor, dto.locale);
    await this.renderer.redirect(res, page, '/account', 'auth.account.localeChanged');
  }
}
