import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { ContextHeader, ErrorCode } from '@orbita/contracts';
import { AppError, RequestContext } from '@orbita/platform';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';

/** Request headers the documents service needs; everything else stays at the edge. */
const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'content-length',
  'accept-language',
  // Ranged downloads and revalidation; documents answers 206, 304 and 416 itself.
  'range',
  'if-range',
  'if-none-match',
] as const;
/** Response headers passed back to the client. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'x-content-sha256',
  'x-content-type-options',
  'content-range',
  'accept-ranges',
  'cache-control',
] as const;

/**
 * Streams upload and download bodies between the client and the documents service without holding
 * them in memory: the gateway's memory stays flat whatever the file size. The user's own token goes
 * along, and documents verifies it again.
 */
@Injectable()
export class DocumentsProxy {
  private readonly logger = new Logger(DocumentsProxy.name);

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async forward(
    request: FastifyRequest,
    reply: FastifyReply,
    method: 'GET' | 'POST',
    path: string,
  ): Promise<void> {
    const url = new URL(path, this.config.DOCUMENTS_HTTP_URL);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') {
        headers[name] = value;
      }
    }
    headers[ContextHeader.CorrelationId] = RequestContext.correlationId() ?? request.id;
    const upstream = await this.open(url, method, headers, method === 'POST' ? request : null);
    void reply.status(upstream.statusCode ?? 502);
    if (!request.raw.complete) {
      // Documents answered before the upload arrived whole (refused it): the rest of the body must
      // not hold this connection, nor be read as the client's next request.
      void reply.header('connection', 'close');
    }
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers[name];
      if (typeof value === 'string') {
        void reply.header(name, value);
      }
    }
    if (upstream.statusCode === 304) {
      // No body, by definition; fastify would otherwise wait on the (empty) stream.
      upstream.resume();
      await reply.send();
      return;
    }
    await reply.send(upstream);
  }

  private open(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: FastifyRequest | null,
  ): Promise<IncomingMessage> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const upstream = send(url, { method, headers, timeout: this.config.UPSTREAM_IDLE_TIMEOUT_MS });
      upstream.once('response', resolve);
      upstream.once('timeout', () => {
        upstream.destroy();
        reject(new AppError(ErrorCode.UpstreamTimeout, { service: 'documents' }));
      });
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof AppError) {
          reject(err);
          return;
        }
        this.logger.warn({ err, msg: 'Documents service unreachable' });
        reject(new AppError(ErrorCode.ServiceUnavailable, { service: 'documents' }));
      });
      if (body) {
        pipeline(body.raw, upstream).catch(() => {
          // The client went away or documents refused early; the response (or error) above tells.
        });
      } else {
        upstream.end();
      }
    });
  }
}
