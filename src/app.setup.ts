import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { AppModule, type AppOverrides } from './app.module.js';
import { JsonLogger } from './common/json-logger.js';
import { compactRequest } from './common/log-redaction.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { responseHeaders } from './common/response-headers.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { APP_DOCUMENT_KINDS, type DocumentKindDefinition } from './documents/document-kind.js';
import { describeDocumentKinds } from './documents/document.dto.js';
import { describeOperations } from './openapi-conventions.js';

/**
 * The web pages' policy, and every other answer's: scripts and styles only from the app's own
 * files (no inline script), PDFs previewed in a same-origin frame, never framed elsewhere.
 */
const STRICT_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'self'"],
  'frame-src': ["'self'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  // HTTPS is the proxy's (and HSTS's) job; upgrading here breaks plain-http local runs.
  'upgrade-insecure-requests': null,
};
const SWAGGER_CSP = {
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Everything an app instance needs beyond its modules. main.ts and the e2e tests both call
 * this, so tests run against exactly what production runs.
 */
export async function createApp(
  config: AppConfig,
  overrides: AppOverrides = {},
): Promise<NestExpressApplication> {
  const logger = JsonLogger.create(config.logLevel, overrides.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, overrides),
    {
      logger,
      bufferLogs: true,
    },
  );
  configureApp(app, config, logger);
  return app;
}

export function configureApp(app: NestExpressApplication, config: AppConfig, logger: JsonLogger) {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(responseHeaders);
  // Swagger UI at /api/docs needs its inline script and styles; nothing else gets them.
  const swaggerHeaders = helmet({
    contentSecurityPolicy: { directives: { ...STRICT_CSP, ...SWAGGER_CSP } },
  });
  const strictHeaders = helmet({
    contentSecurityPolicy: { directives: STRICT_CSP },
    // A refused page form goes back to the page it came from (its Referer), so the browser
    // must send the Referer to this app; other sites still get none. The sign-off page, whose
    // path carries its token, sends none at all (its own header).
    referrerPolicy: { policy: 'same-origin' },
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') ? swaggerHeaders : strictHeaders)(
      request,
      response,
      next,
    ),
  );
  app.use(requestLogger(logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
}

/**
 * One compact line per request at `info` (warn for 4xx, error for 5xx): id, method, URL,
 * Referer when there is one, status and time. Request headers are left out: at ~600 bytes they
 * were most of every line (a load run of 300,000 requests wrote 178 MB); credentials were never
 * in it, and sign-off tokens in the URL and Referer are redacted.
 */
export function requestLogger(logger: JsonLogger) {
  return pinoHttp({
    logger: logger.pino,
    serializers: {
      req: compactRequest,
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}

function setUpOpenApi(app: INestApplication) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('freigabe API')
      .setDescription(
        'Customer projects from concept paper to final invoice, and the support desk. ' +
          'Errors are RFC 9457 problem+json with a stable `code`. Amounts are integer cents.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const kinds = app.get<readonly DocumentKindDefinition[]>(APP_DOCUMENT_KINDS);
  describeDocumentKinds(
    document,
    kinds.map(({ kind }) => kind),
  );
  describeOperations(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}
