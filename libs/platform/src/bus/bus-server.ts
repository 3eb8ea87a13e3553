import type { CustomTransportStrategy } from '@nestjs/microservices';
import { NatsContext, Server } from '@nestjs/microservices';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { JSONCodec } from 'nats';
import { ErrorCode } from '@orbita/contracts';
import type { Principal } from '@orbita/contracts';
import type { AccessTokenVerifier } from '../auth/access-token';
import { RequestContext } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { contextFromHeaders } from './context-headers';
import type { NatsSettings } from './nats-connection';
import { connectNats } from './nats-connection';

interface RequestPacket {
  id?: string;
  pattern?: unknown;
  data?: unknown;
}

const codec = JSONCodec();

/**
 * The NATS request/reply transport of every service, a Nest custom transport that speaks the wire
 * format of Nest's own NATS transport. What it adds: a queue group named after the service (N
 * instances share the load), each message handled inside a RequestContext built from its headers
 * (correlation id, locale, and the principal of the access token it carries, verified here against
 * identity's keys: a principal is never taken on the sender's word), and a shutdown that stops
 * taking requests, lets the ones in flight answer, and only then closes the connection.
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private nc: NatsConnection | null = null;
  private readonly subscriptions: Subscription[] = [];
  private inFlight = 0;
  private onIdle: (() => void) | null = null;
  private verifier: AccessTokenVerifier | null = null;

  constructor(
    private readonly settings: NatsSettings,
    private readonly graceMs: number,
  ) {
    super();
  }

  /** Set once the app is initialised, before the server starts listening. */
  useTokenVerifier(verifier: AccessTokenVerifier): void {
    this.verifier = verifier;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      const nc = await connectNats(this.settings);
      this.nc = nc;
      for (const subject of this.messageHandlers.keys()) {
        this.subscriptions.push(
          nc.subscribe(subject, {
            queue: this.settings.name,
            callback: (err, msg) => {
              if (err) {
                this.logger.error(err);
                return;
              }
              void this.handle(subject, msg);
            },
          }),
        );
      }
      // The subscriptions are only buffered until the server has them: without this round trip a
      // request sent the moment the service says it is up may find no responder (a 503).
      await nc.flush();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async handle(subject: string, msg: Msg): Promise<void> {
    let packet: RequestPacket;
    try {
      packet = codec.decode(msg.data) as RequestPacket;
    } catch {
      this.reply(msg, {
        err: { code: 'VALIDATION_FAILED', message: 'The request is not JSON' },
        isDisposed: true,
      });
      return;
    }
    const handler = this.getHandlerByPattern(subject);
    if (!handler) {
      this.reply(msg, {
        id: packet.id,
        err: { code: 'SERVICE_UNAVAILABLE', message: `No handler for ${subject}` },
        isDisposed: true,
      });
      return;
    }
    const natsContext = new NatsContext([msg.subject, msg.headers]);
    const started = performance.now();
    this.inFlight += 1;
    try {
      const incoming = contextFromHeaders(msg.headers, packet.id ?? null);
      const principal = await this.authenticate(subject, incoming.accessToken, incoming.refusal);
      if (principal instanceof AppError) {
        this.reply(msg, { id: packet.id, err: principal.toWire(), isDisposed: true });
        return;
      }
      const context = {
        correlationId: incoming.correlationId,
        causationId: incoming.causationId,
        locale: incoming.locale,
        accessToken: incoming.accessToken,
        principal,
      };
      await RequestContext.run(context, async () => {
        const response$ = this.transformToObservable(await handler(packet.data, natsContext));
        await new Promise<void>((resolve) => {
          this.send(response$, (response) => {
            this.reply(msg, { ...response, id: packet.id });
            if (response.isDisposed) {
              const code = (response.err as { code?: unknown } | undefined)?.code;
              const outcome = response.err ? (typeof code === 'string' ? code : 'error') : 'ok';
              this.logger.log({
                subject,
                ms: Math.round(performance.now() - started),
                outcome,
                msg: 'Handled request',
              });
              resolve();
            }
          });
        });
      });
    } catch (err) {
      this.logger.error(err instanceof Error ? err : new Error(String(err)));
      this.reply(msg, {
        id: packet.id,
        err: { code: 'INTERNAL', message: 'Internal error' },
        isDisposed: true,
      });
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        this.onIdle?.();
      }
    }
  }

  /**
   * The principal of the request's access token, null when it carries none (public and service
   * subjects; handlers that need a principal then answer UNAUTHENTICATED), or the error to answer:
   * a principal header, a token that does not verify.
   */
  private async authenticate(
    subject: string,
    token: string | null,
    refusal: string | null,
  ): Promise<Principal | null | AppError> {
    if (refusal !== null) {
      this.logger.warn({ subject, reason: refusal, msg: 'Refused a request with forged credentials' });
      return new AppError(ErrorCode.Unauthenticated);
    }
    if (token === null) {
      return null;
    }
    if (!this.verifier) {
      throw new Error('The bus server has no token verifier (bootstrap must set it)');
    }
    try {
      return await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof AppError) {
        if (err.code === ErrorCode.Unauthenticated) {
          this.logger.warn({ subject, msg: 'Refused a request whose access token does not verify' });
        }
        return err;
      }
      throw err;
    }
  }

  private reply(msg: Msg, body: Record<string, unknown>): void {
    if (msg.reply && this.nc && !this.nc.isClosed()) {
      msg.respond(codec.encode(body));
    }
  }

  async close(): Promise<void> {
    const nc = this.nc;
    if (!nc) {
      return;
    }
    for (const sub of this.subscriptions) {
      sub.unsubscribe();
    }
    if (this.inFlight > 0) {
      this.logger.log(`Waiting for ${this.inFlight} request(s) in flight`);
      await Promise.race([
        new Promise<void>((resolve) => (this.onIdle = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, this.graceMs).unref()),
      ]);
    }
    this.nc = null;
    await nc.drain().catch(() => undefined);
  }

  on(): void {
    // Connection status is reported by the health check, not through events.
  }

  // The signature is Nest's (Server.unwrap<T>), not ours to narrow.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  unwrap<T>(): T {
    if (!this.nc) {
      throw new Error('The bus server is not listening');
    }
    return this.nc as T;
  }
}
