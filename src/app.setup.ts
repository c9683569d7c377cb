import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { AppModule, type AppOverrides } from './app.module.js';
import { JsonLogger } from './common/json-logger.js';
import { redactRequest } from './common/log-redaction.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { responseHeaders } from './common/response-headers.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/app-config.js';
import { APP_DOCUMENT_KINDS, type DocumentKindDefinition } from './documents/document-kind.js';
import { describeDocumentKinds } from './documents/document.dto.js';
import { describeOperations } from './openapi-conventions.js';

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
  app.use(
    helmet({
      // Swagger UI at /api/docs needs its inline script and styles.
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: logger.pino,
      // Never log credentials or tokens.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // Sign-off links carry their credential in the path (and in the Referer of the page's
      // own requests).
      serializers: {
        req: redactRequest,
        // The status is what matters; response headers are noise in every line.
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setUpOpenApi(app);
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
