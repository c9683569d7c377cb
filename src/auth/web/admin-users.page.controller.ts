import { Body, Get, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { UsersService } from '../users.service.js';
import { PageCreateUserDto, PageUpdateUserDto, UserListQuery } from './admin-pages.dto.js';
import { AdminUsersPagesService } from './admin-users-pages.service.js';

const USERS = '/console/admin/users';

/** The administration's home and its users: create, change role, deactivate, reset password. */
@PageController('console/admin')
export class AdminUsersPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly users: UsersService,
    private readonly pages: AdminUsersPagesService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/admin',
      label: 'admin.nav.admin',
      roles: ['admin'],
      order: 90,
    });
  }

  @Get()
  @PageRoles('admin')
  home(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'admin/home', {}, page);
  }

  @Get('users')
  @PageRoles('admin')
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: UserListQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.list(page.actor, query, page.flash?.values?.customerId);
    this.renderer.page(res, 'admin/users', view, page);
  }

  /** A generated password is shown once on the answer itself, never kept in the session. */
  @Post('users')
  @PageRoles('admin')
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageCreateUserDto,
    @Res() res: Response,
  ) {
    const user = await this.users.create(page.actor, dto);
    if (user.generatedPassword) this.renderer.page(res, 'admin/password', { user }, page);
    else await this.renderer.redirect(res, page, USERS, 'admin.users.created');
  }

  /** Takes effect at once: the page guard reads the user on every request. */
  @Post('users/:id')
  @PageRoles('admin')
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageUpdateUserDto,
    @Res() res: Response,
  ) {
    await this.users.update(page.actor, id, dto);
    await this.renderer.redirect(res, page, USERS, 'admin.users.saved');
  }

  /**
   * A generated password, shown once on this answer (not a redirect: the secret must not sit
   * in the session's flash). The user's sessions and tokens end.
   */
  @Post('users/:id/password')
  @PageRoles('admin')
  async resetPassword(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Res() res: Response,
  ) {
    const { generatedPassword } = await this.users.resetPassword(page.actor, id, {
      generate: true,
    });
    const user = { ...(await this.users.get(id)), generatedPassword };
    this.renderer.page(res, 'admin/password', { user, reset: true }, page);
  }
}
