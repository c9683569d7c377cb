import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toProblem, type ProblemBody } from '../common/problem-details.filter.js';
import { formValues } from './form-scope.js';
import type { PageContext, PageError, RequestWithPage } from './page-context.js';
import { WebRenderer } from './web-renderer.service.js';

/**
 * Errors on pages answer as pages, in the user's language, with the API's status and code:
 * - not logged in (or the session ended): 303 to /login?next=<this page>;
 * - a refused form (400, 401, 409, 422, 429, 503) of a logged-in user: 303 back to the form, which
 *   shows the errors next to its fields and keeps what was typed (post → redirect → get); sent
 *   by htmx, an HX-Redirect there instead;
 * - a refused form without a session (login): 303 back with ?error=<code>;
 * - anything else: an error page with the status.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebPage');

  constructor(private readonly renderer: WebRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request & RequestWithPage>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(exception, request.path);
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error({ err: exception, code: problem.code }, 'page failed');
    }
    if (response.headersSent) return;
    this.answer(request, response, problem).catch((error: unknown) => {
      this.logger.error({ err: error }, 'error page failed');
      if (!response.headersSent) response.status(500).type('text').send('Internal error');
    });
  }

  private async answer(
    request: Request & RequestWithPage,
    response: Response,
    problem: ProblemBody,
  ) {
    const page = request.page ?? fallbackPage(request);
    if (problem.code === 'AUTH.UNAUTHENTICATED') {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(page.path)}` : '';
      response.redirect(303, `/login${next}`);
      return;
    }
    const error = pageError(problem);
    if (request.method === 'POST' && isFormRefusal(problem.status)) {
      const back = sameOriginPath(request) ?? (page.sessionId ? '/' : request.path);
      if (page.sessionId && page.htmx) {
        // htmx would follow a 303 inside its request, and such a request leaves the flash for
        // the next page (page.guard.ts): the form would come back without its errors. A full
        // load of the page (HX-Redirect) shows them at their fields, with what was typed.
        const values = formValues(request.body);
        const flash = { error, values, ...(page.form ? { form: page.form } : {}) };
        await this.renderer.flashAndHxRedirect(response, page.sessionId, flash, back);
      } else if (page.sessionId) {
        const values = formValues(request.body);
        const flash = { error, values, ...(page.form ? { form: page.form } : {}) };
        await this.renderer.flashAndRedirect(response, page.sessionId, flash, back);
      } else {
        const separator = back.includes('?') ? '&' : '?';
        const target = `${back.replace(/[?&]error=[^&]*/, '')}${separator}error=${encodeURIComponent(problem.code)}`;
        response.redirect(303, target);
      }
      return;
    }
    this.renderer.page(
      response,
      'shell/error',
      { error, status: problem.status },
      page,
      problem.status,
    );
  }
}

/** What a form's sender can fix (401: the login form's wrong password). */
const isFormRefusal = (status: number) => [400, 401, 409, 422, 429, 503].includes(status);

function pageError(problem: ProblemBody): PageError {
  const fields: Record<string, string[]> = {};
  const errors = Array.isArray(problem.errors)
    ? (problem.errors as Array<{ field?: unknown; messages?: unknown }>)
    : [];
  for (const { field, messages } of errors) {
    if (typeof field === 'string' && Array.isArray(messages)) fields[field] = messages.map(String);
  }
  if (typeof problem.field === 'string') fields[problem.field] = [problem.detail];
  return { code: problem.code, message: problem.detail, fields };
}

/** The Referer's path when it is this app's own page; never an outside address. */
function sameOriginPath(request: Request): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.host !== request.headers.host) return null;
    return url.pathname + url.search;
  } catch {
    return null;
  }
}

/** A route that failed before the page guard ran: German, anonymous. */
function fallbackPage(request: Request): PageContext {
  return {
    actor: null,
    locale: 'de',
    sessionId: null,
    csrfToken: null,
    flash: null,
    path: request.originalUrl,
    htmx: false,
  };
}
