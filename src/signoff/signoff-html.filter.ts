import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '../common/database-unavailable.js';
import { DomainError, STATUS_BY_KIND } from '../common/domain-error.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../common/problem-details.filter.js';
import { SIGNOFF_PAGE_CSP } from './signoff-pages.js';
import { SignoffPageService } from './signoff-page.service.js';

/**
 * Errors on the sign-off page routes answer as a page (same status and code as the API
 * would give), because the person holding the link has a browser, not an API client.
 */
@Catch()
export class SignoffHtmlFilter implements ExceptionFilter {
  private readonly logger = new Logger('SignoffPage');

  constructor(private readonly pages: SignoffPageService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let code = 'INTERNAL';
    let detail = 'Something went wrong.';
    if (exception instanceof DomainError) {
      status = STATUS_BY_KIND[exception.kind];
      code = exception.code;
      detail = status >= 500 ? 'The document could not be verified.' : exception.message;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      code = `HTTP.${status}`;
      detail = exception.message;
    } else if (isDatabaseUnavailable(exception)) {
      // The same rule as the API's: the database is away for now, the link is fine.
      status = 503;
      code = 'DATABASE.UNAVAILABLE';
      detail = 'The service is briefly unavailable.';
    }
    if (status >= 500) this.logger.error({ err: exception, code }, 'sign-off page failed');
    if (response.headersSent) return;
    if (status === 503) response.setHeader('Retry-After', DATABASE_RETRY_AFTER_SECONDS);
    response
      .status(status)
      .setHeader('Content-Security-Policy', SIGNOFF_PAGE_CSP)
      .setHeader('Cache-Control', 'no-store')
      .setHeader('X-Signoff-Code', code)
      .type('text/html')
      .send(this.pages.renderError(code, detail));
  }
}
