import {
  applyDecorators,
  Controller,
  createParamDecorator,
  SetMetadata,
  UseFilters,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  PAGE_ACCESS_KEY,
  PAGE_CONTROLLER_KEY,
  type PageAccess,
  type Role,
} from '../common/access.js';
import type { PageContext, RequestWithPage, SignedInPage } from './page-context.js';
import { PageErrorFilter } from './page-error.filter.js';

/**
 * A controller of pages: HTML, not in the OpenAPI document, errors shown as pages (a refused
 * form goes back to itself with the errors). Every route in it states @PageRoles() or
 * @PageAnonymous(); the app refuses to start otherwise.
 */
export const PageController = (prefix = '') =>
  applyDecorators(
    Controller(prefix),
    ApiExcludeController(),
    SetMetadata(PAGE_CONTROLLER_KEY, true),
    UseFilters(PageErrorFilter),
  );

/** Who may open a page: a logged-in user with one of these roles (session cookie, CSRF on POST). */
export const PageRoles = (...roles: Role[]) =>
  SetMetadata(PAGE_ACCESS_KEY, roles satisfies PageAccess);

/** A page anyone may open (the login form). */
export const PageAnonymous = () => SetMetadata(PAGE_ACCESS_KEY, 'anonymous' satisfies PageAccess);

function pageOf(ctx: ExecutionContext): PageContext {
  const page = ctx.switchToHttp().getRequest<RequestWithPage>().page;
  if (!page) throw new Error('@CurrentPage() used on a route without @PageRoles()');
  return page;
}

/** The page's caller on a @PageRoles() route: actor, session, CSRF token, language, flash. */
export const CurrentPage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): SignedInPage => {
    const page = pageOf(ctx);
    if (!page.actor) throw new Error('@CurrentPage() used on an anonymous page');
    return page as SignedInPage;
  },
);

/** The page context on an @PageAnonymous() route, where nobody may be logged in. */
export const AnonymousPage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PageContext => pageOf(ctx),
);
