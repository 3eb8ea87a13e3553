import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from '../config';

/** Where the OpenAPI page and its assets are served (SwaggerModule.setup in main.ts). */
export const DOCS_PATH = '/api/docs';

/**
 * The default CSP, for every answer: nothing inline, nothing from elsewhere. The API answers JSON
 * and files; should one of them be rendered as a page after all, no script in it runs.
 */
function strictDirectives(config: GatewayConfig): Record<string, string[]> {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: config.FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
  };
}

/** The OpenAPI page (Swagger UI) needs the inline styles and scripts of its own bundle. */
function docsDirectives(config: GatewayConfig): Record<string, string[]> {
  return {
    ...strictDirectives(config),
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
  };
}

/**
 * The web app's page (ADR 021): scripts only from the gateway, as everywhere; inline styles
 * allowed because Ant Design's CSS-in-JS writes <style> elements and style attributes.
 */
function webAppDirectives(config: GatewayConfig): Record<string, string[]> {
  return { ...strictDirectives(config), styleSrc: ["'self'", "'unsafe-inline'"] };
}

/**
 * The CSP header of the web app's index.html, set by the page's own handler (web/web-app.ts) so
 * that everything else the catch-all route answers (an unknown API path's 404) keeps the strict one.
 */
export function webAppContentSecurityPolicy(config: GatewayConfig): string {
  return Object.entries(webAppDirectives(config))
    .map(([name, values]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${values.join(' ')}`)
    .join(';');
}

/** The docs page and its assets; the JSON documents under the same path need nothing relaxed. */
function isDocsPage(url: string): boolean {
  return (url === DOCS_PATH || url.startsWith(`${DOCS_PATH}/`)) && !url.endsWith('.json');
}

/**
 * Security and caching headers of every gateway answer. Call before any route is registered: the
 * docs routes get their relaxed CSP as they are added (helmet reads it from the route's config).
 */
export async function registerEdgeHeaders(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    if (isDocsPage(route.url)) {
      route.config = {
        ...route.config,
        helmet: { contentSecurityPolicy: { directives: docsDirectives(config) } },
      };
    }
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: strictDirectives(config) },
    frameguard: false,
  });
  // Answers carry tokens and personal data: no browser or proxy may keep them. A route that means
  // otherwise sets its own Cache-Control (the JWKS, static docs assets), which is left alone.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
