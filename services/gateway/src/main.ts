import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError, requestMediaType, runService, unsupportedBodyType } from '@orbita/platform';
import { AppModule } from './app.module';
import { parseTrustedProxies } from './common/trusted-proxies.util';
import type { GatewayConfig } from './config';
import { gatewayConfigShape } from './config';
import { VERSION_UPLOAD_ROUTE } from './documents/documents.http.controller';
import { STREAMED_UPLOAD_TYPES, UPLOAD_ROUTE } from './files/files.http.controller';
import { ATTACHMENT_UPLOAD_ROUTE, FORM_FILE_UPLOAD_ROUTE } from './processes/requests.http.controller';
import { CSV_TYPE, IMPORT_ROUTE } from './registers/registers.http.controller';
import { readCsvBody } from './registers/csv-body';
import { DOCS_PATH, registerEdgeHeaders } from './http/edge-headers';
import { registerWebApp } from './web/web-app';

async function configureHttp(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Upload bodies stream through to the documents service untouched (never buffered here), on the
  // upload routes only: elsewhere such a body would reach a JSON route as "no body" and be misread.
  // Any other body type is refused with 415 naming what the route takes.
  fastify.addContentTypeParser(STREAMED_UPLOAD_TYPES, (request, _payload, done) => {
    done(isUploadRoute(request) ? null : refuseBodyType(request, ['application/json']));
  });
  // Register imports take CSV, read here up to their own limit (UTF-8, a BOM dropped).
  fastify.addContentTypeParser(CSV_TYPE, (request, payload, done) => {
    if (!isImportRoute(request)) {
      done(refuseBodyType(request, isUploadRoute(request) ? STREAMED_UPLOAD_TYPES : ['application/json']));
      return;
    }
    readCsvBody(request, payload).then(
      (text) => {
        done(null, text);
      },
      (err: unknown) => {
        done(err as Error);
      },
    );
  });
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    done(refuseBodyType(request, acceptedTypes(request)));
  });
  await registerEdgeHeaders(app, config);
  if (config.CORS_ORIGINS !== '-') {
    app.enableCors({
      origin: config.CORS_ORIGINS === '*' ? true : config.CORS_ORIGINS.split(',').map((o) => o.trim()),
      credentials: true,
      exposedHeaders: ['x-correlation-id', 'x-content-sha256', 'content-disposition', 'retry-after'],
    });
  }
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Orbita API')
      .setDescription(
        'Business processes, tasks and documents shared with clients, partners and branches. ' +
          'Errors are answered as {code, message}; messages follow Accept-Language (ru, en).',
      )
      .setVersion('0.1.0')
      .addServer(config.PUBLIC_URL)
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, {
    jsonDocumentUrl: `${DOCS_PATH.slice(1)}/openapi.json`,
  });
  registerWebApp(app, config);
}

/** The routes whose bodies are streamed to the documents service instead of parsed. */
const STREAMED_ROUTES = new Set([
  UPLOAD_ROUTE,
  VERSION_UPLOAD_ROUTE,
  ATTACHMENT_UPLOAD_ROUTE,
  FORM_FILE_UPLOAD_ROUTE,
]);

function isUploadRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return request.method === 'POST' && STREAMED_ROUTES.has(route ?? '');
}

function isImportRoute(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === IMPORT_ROUTE;
}

function acceptedTypes(request: FastifyRequest): readonly string[] {
  if (isUploadRoute(request)) {
    return STREAMED_UPLOAD_TYPES;
  }
  return isImportRoute(request) ? [CSV_TYPE, 'application/json'] : ['application/json'];
}

function refuseBodyType(request: FastifyRequest, accepted: readonly string[]): AppError {
  return AppError.unsupportedMediaType(unsupportedBodyType(requestMediaType(request), accepted));
}

runService({
  service: 'gateway',
  configShape: gatewayConfigShape,
  module: (config) => AppModule.register(config),
  configure: (app, config) => configureHttp(app, config),
  trustProxy: (config) => parseTrustedProxies(config.TRUST_PROXY),
});
