import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { contentTypeCharset, parseJsonBody } from './json-body';

/**
 * Replaces Fastify's body parsers with one for JSON: strict UTF-8, precise errors, prototype keys
 * refused (parseJsonBody). Fastify's text/plain parser goes too, so a JSON route never receives a
 * string body; a body of any type without a parser is refused with 415 (see framework-errors).
 */
export function registerJsonBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    (request, body, done) => {
      const charset = contentTypeCharset(request.headers['content-type']);
      if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
        done(
          AppError.unsupportedMediaType({
            en: `JSON is accepted only in UTF-8, not in "${charset}"`,
            ru: `JSON принимается только в кодировке UTF-8, а не "${charset}"`,
          }),
        );
        return;
      }
      try {
        done(null, parseJsonBody(Buffer.isBuffer(body) ? body : Buffer.from(body)));
      } catch (err) {
        done(err as Error);
      }
    },
  );
}
