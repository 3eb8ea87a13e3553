import 'reflect-metadata';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { runService } from '@orbita/platform';
import { AppModule } from './app.module';
import { parseTrustedProxies } from './common/trusted-proxies.util';
import type { GatewayConfig } from './config';
import { gatewayConfigShape } from './config';
import { STREAMED_UPLOAD_TYPES } from './files/files.http.controller';

async function configureHttp(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Upload bodies stream through to the documents service untouched (never buffered here).
  fastify.addContentTypeParser(STREAMED_UPLOAD_TYPES, (_request, _payload, done) => {
    done(null);
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The OpenAPI page needs inline styles and scripts of its own bundle.
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: config.FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
      },
    },
    frameguard: false,
  });
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
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
}

runService({
  service: 'gateway',
  configShape: gatewayConfigShape,
  module: (config) => AppModule.register(config),
  configure: (app, config) => configureHttp(app, config),
  trustProxy: (config) => parseTrustedProxies(config.TRUST_PROXY),
});
