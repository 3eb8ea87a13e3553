import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { Gauge } from 'prom-client';
import type { LiveNotification, NotificationView } from '@orbita/contracts';
import {
  CHANGES_SUBJECT_PREFIX,
  ChangeHintSchema,
  LIVE_SUBJECT_PREFIX,
  LiveNotificationSchema,
} from '@orbita/contracts';
import { NATS_CONNECTION, metricsRegistry } from '@orbita/platform';
import { RevocationList } from '../auth/revocation-list';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';
import type { LiveConnection } from './live-connection';

const openConnections = new Gauge({
  name: 'gateway_live_connections',
  help: 'Server-Sent Events connections open on this gateway instance',
  registers: [metricsRegistry],
});

/** How often open streams are checked against revocations and token expiry. */
const ACCESS_CHECK_MS = 1_000;

/**
 * The one subscription of this gateway instance to the notifications pushed live
 * (`notifications.live.>`) and to the hints that a request changed (`changes.live.>`, ADR 027), dispatched in process to the open streams of each recipient, so any
 * instance can serve any user. It also keeps the streams honest: a heartbeat at the configured
 * interval, and an end to a stream whose session was revoked or whose token expired.
 */
@Injectable()
export class LiveHub implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveHub.name);
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly subscriptions: Subscription[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly revocations: RevocationList,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscriptions.push(
      this.nc.subscribe(`${LIVE_SUBJECT_PREFIX}.>`, {
        callback: (err, msg) => {
          if (err) {
            this.logger.warn({ err, msg: 'Live subscription failed' });
            return;
          }
          this.dispatch(msg.data);
        },
      }),
      // Hints that a request changed (ADR 027), for the same open streams.
      this.nc.subscribe(`${CHANGES_SUBJECT_PREFIX}.>`, {
        callback: (err, msg) => {
          if (err) {
            this.logger.warn({ err, msg: 'Change hints subscription failed' });
            return;
          }
          this.hint(msg.data);
        },
      }),
    );
    this.timers.push(
      setInterval(() => {
        this.forEach((connection) => {
          connection.heartbeat();
        });
      }, this.config.REALTIME_HEARTBEAT_SECONDS * 1000),
      setInterval(() => {
        this.checkAccess();
      }, ACCESS_CHECK_MS),
    );
    for (const timer of this.timers) {
      timer.unref();
    }
  }

  onModuleDestroy(): void {
    this.timers.forEach(clearInterval);
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
    this.forEach((connection) => {
      connection.close('shutdown');
    });
  }

  /** Whether the user may open another stream (the per-user cap). */
  hasRoomFor(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) < this.config.REALTIME_MAX_CONNECTIONS_PER_USER;
  }

  add(connection: LiveConnection): void {
    let mine = this.byUser.get(connection.userId);
    if (!mine) {
      mine = new Set();
      this.byUser.set(connection.userId, mine);
    }
    mine.add(connection);
    openConnections.inc();
  }

  remove(connection: LiveConnection): void {
    const mine = this.byUser.get(connection.userId);
    if (mine?.delete(connection)) {
      openConnections.dec();
      if (mine.size === 0) {
        this.byUser.delete(connection.userId);
      }
    }
  }

  private dispatch(data: Uint8Array): void {
    let live: LiveNotification;
    try {
      const parsed = LiveNotificationSchema.safeParse(JSON.parse(Buffer.from(data).toString('utf8')));
      if (!parsed.success) {
        this.logger.warn({ msg: 'A live notification that does not follow its contract was dropped' });
        return;
      }
      live = parsed.data;
    } catch {
      this.logger.warn({ msg: 'A live notification that is not JSON was dropped' });
      return;
    }
    const notification: NotificationView = live.notification;
    for (const connection of this.byUser.get(live.recipientId) ?? []) {
      connection.push(notification, live.unreadCount);
    }
  }

  private hint(data: Uint8Array): void {
    let parsed: ReturnType<typeof ChangeHintSchema.safeParse>;
    try {
      parsed = ChangeHintSchema.safeParse(JSON.parse(Buffer.from(data).toString('utf8')));
    } catch {
      this.logger.warn({ msg: 'A change hint that is not JSON was dropped' });
      return;
    }
    if (!parsed.success) {
      this.logger.warn({ msg: 'A change hint that does not follow its contract was dropped' });
      return;
    }
    for (const connection of this.byUser.get(parsed.data.recipientId) ?? []) {
      connection.change(parsed.data.subject);
    }
  }

  private checkAccess(): void {
    const now = Date.now();
    this.forEach((connection) => {
      const token = connection.token;
      if (
        this.revocations.isRevoked(token.sessionId, connection.userId, token.issuedAt, token.grantsVersion)
      ) {
        connection.close('revoked');
      } else if (now >= token.expiresAt * 1000) {
        connection.close('expired');
      }
    });
  }

  private forEach(visit: (connection: LiveConnection) => void): void {
    for (const mine of [...this.byUser.values()]) {
      for (const connection of [...mine]) {
        visit(connection);
      }
    }
  }
}
