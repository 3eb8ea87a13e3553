import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { ErrorCode as NatsErrorCode, JSONCodec, NatsError } from 'nats';
import type { RequestContract, RequestInput, ResponseOf } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { RequestContext } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { busRequestDuration } from '../metrics/metrics';
import { contextToHeaders } from './context-headers';
import { NATS_CONNECTION, PLATFORM_OPTIONS } from './tokens';
import type { PlatformOptions } from './platform-options';

interface NestReply {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

const codec = JSONCodec();

const TIMEOUT = new Set<string>([NatsErrorCode.Timeout]);
/** NATS failures that mean nobody can answer now (no responders, connection gone). */
const UNAVAILABLE = new Set<string>([
  NatsErrorCode.NoResponders,
  NatsErrorCode.ConnectionClosed,
  NatsErrorCode.ConnectionDraining,
  NatsErrorCode.Disconnect,
]);

export interface RequestOptions {
  timeoutMs?: number;
  /**
   * Send without the caller's access token: for public subjects (the JWKS) and for what a service
   * asks on its own account (the subject's contract must then name the service as a caller).
   */
  anonymous?: boolean;
}

/**
 * Typed NATS request/reply client speaking Nest's microservice wire format. The payload and answer
 * types follow from the contract; the caller's correlation id, access token and locale travel in
 * headers (the receiving service verifies the token itself).
 * A service that is down answers SERVICE_UNAVAILABLE at once (NATS "no responders"), a slow one
 * UPSTREAM_TIMEOUT after the configured timeout: never a hang.
 */
@Injectable()
export class BusClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  async request<C extends RequestContract>(
    contract: C,
    input: RequestInput<C>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<C>> {
    const ctx = RequestContext.current();
    const token = options.anonymous ? null : (ctx?.accessToken ?? null);
    const id = randomUUID();
    const headers = contextToHeaders(ctx, token, id);
    const packet = { pattern: contract.subject, data: input, id };
    const timeout = options.timeoutMs ?? this.options.requestTimeoutMs;
    const stopTimer = busRequestDuration.startTimer({ subject: contract.subject });
    let raw: Uint8Array;
    try {
      const msg = await this.nc.request(contract.subject, codec.encode(packet), { timeout, headers });
      raw = msg.data;
    } catch (err) {
      stopTimer({ outcome: 'unavailable' });
      throw this.transportError(err, contract.service);
    }
    const reply = codec.decode(raw) as NestReply;
    if (reply.err !== undefined && reply.err !== null) {
      stopTimer({ outcome: 'error' });
      throw (
        AppError.fromWire(reply.err) ??
        new AppError(
          ErrorCode.ServiceUnavailable,
          { service: contract.service },
          undefined,
          `Unexpected reply error from ${contract.subject}: ${JSON.stringify(reply.err)}`,
        )
      );
    }
    stopTimer({ outcome: 'ok' });
    return contract.response.parse(reply.response) as ResponseOf<C>;
  }

  private transportError(err: unknown, service: string): Error {
    if (err instanceof NatsError) {
      if (TIMEOUT.has(err.code)) {
        return new AppError(ErrorCode.UpstreamTimeout, { service });
      }
      if (UNAVAILABLE.has(err.code)) {
        return new AppError(ErrorCode.ServiceUnavailable, { service });
      }
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
