import type { FastifyRequest } from 'fastify';
import { IdSchema } from '@orbita/contracts';
import { parseOrThrow } from '@orbita/platform';
import { z } from 'zod';

/** A path parameter that must be an id; a bad one answers VALIDATION_FAILED naming the parameter. */
export function idParam(name: string, value: string): string {
  return parseOrThrow(z.object({ [name]: IdSchema }), { [name]: value })[name] as string;
}

/**
 * The caller's address for throttling and audit: the peer's, or, when the peer is a proxy named in
 * TRUST_PROXY, the right-most X-Forwarded-For hop that is not a trusted proxy (trusted-proxies.util).
 */
export function clientIp(request: FastifyRequest): string {
  return request.ip.slice(0, 64);
}

/** The JSON body as an object for merging, whatever the client sent (validation comes after). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
