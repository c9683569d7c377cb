import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PAGE_ACCESS_KEY, type PageAccess, type RequestWithActor } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import type { PageContext, RequestWithPage, RequestWithRefusedBody } from '../web/page-context.js';
import { takeFormScope } from '../web/form-scope.js';
import { sessionToken } from '../web/web-cookies.js';
import { csrfMatches, WebSessionsService } from '../web/web-sessions.service.js';
import { AuthService } from './auth.service.js';
import { User } from './user.entity.js';

type PageRequest = Request & RequestWithPage & RequestWithRefusedBody & RequestWithActor;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Whether a request shows (and so uses up) the flash: a page the browser navigates to. A script's
 * fetch (Sec-Fetch-Dest: empty) — pdf.js loading a PDF in chunks, an htmx fragment — shows no
 * banner; taking the flash there would lose the notice of the form just sent.
 */
const takesFlash = (request: PageRequest) =>
  SAFE_METHODS.has(request.method) && request.headers['sec-fetch-dest'] !== 'empty';

/**
 * The gate in front of every page (routes with @PageRoles()/@PageAnonymous()); API routes pass
 * untouched. It turns the session cookie into the same Actor a bearer token gives, checks the
 * role, and on every state-changing request the session's CSRF token (form field `_csrf` or
 * header `X-CSRF-Token`, sent by htmx) before anything runs.
 */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const access = this.reflector.getAllAndOverride<PageAccess | undefined>(
      PAGE_ACCESS_KEY,
      targets,
    );
    if (access === undefined) return true;
    const request = context.switchToHttp().getRequest<PageRequest>();
    const page = await this.pageContext(request);
    request.page = page;
    if (access === 'anonymous') return true;
    if (!page.actor) {
      throw new DomainError('unauthenticated', 'AUTH.UNAUTHENTICATED', 'Please log in');
    }
    if (!access.includes(page.actor.role)) {
      throw new DomainError('forbidden', 'AUTH.FORBIDDEN', 'This page is not for your role');
    }
    if (!SAFE_METHODS.has(request.method)) {
      // Refused unread (too large): it carries no token to check, and nothing of it runs.
      if (request.refusedBody) throw request.refusedBody;
      this.checkCsrf(request, page.csrfToken!);
      page.form = takeFormScope(request.body);
    }
    request.actor = page.actor;
    return true;
  }

  private async pageContext(request: PageRequest): Promise<PageContext> {
    const token = sessionToken(request);
    // The session and its user in one statement: every page pays this read.
    const session = token ? await this.sessions.resolve(token, takesFlash(request), User) : null;
    const user = session ? await this.auth.pageUserOf(session.owner) : null;
    if (session && !user) await this.sessions.end(session.id);
    const signedIn = session && user ? session : null;
    return {
      actor: user?.actor ?? null,
      locale: user?.locale ?? preferredLocale(request),
      sessionId: signedIn?.id ?? null,
      csrfToken: signedIn?.csrfToken ?? null,
      flash: signedIn?.flash ?? null,
      path: request.originalUrl,
      htmx: request.headers['hx-request'] === 'true',
    };
  }

  private checkCsrf(request: PageRequest, expected: string): void {
    const body = request.body as Record<string, unknown> | undefined;
    const submitted = body?._csrf ?? request.headers['x-csrf-token'];
    if (!csrfMatches(expected, submitted)) {
      throw new DomainError(
        'forbidden',
        'WEB.CSRF_INVALID',
        'The form is out of date or was not sent by this app; reload the page and try again.',
      );
    }
    // The token is the shell's business; the handler's DTO validation must not see it.
    if (body && '_csrf' in body) delete body._csrf;
  }
}

/** Before login: English when the browser prefers it over German, else German. */
function preferredLocale(request: Request): 'de' | 'en' {
  const accepted = request.acceptsLanguages('de', 'en');
  return accepted === 'en' ? 'en' : 'de';
}
