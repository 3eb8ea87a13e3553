import type { ServerResponse } from 'node:http';
import type { NotificationView } from '@orbita/contracts';

/** What a stream needs to know of the access token it was opened with. */
export interface StreamToken {
  sessionId: string;
  issuedAt: number;
  grantsVersion: number;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type CloseReason = 'revoked' | 'expired' | 'shutdown';

/** A client that reads this much less than it is sent is cut off rather than buffered for. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * One open Server-Sent Events stream. While what was missed is being replayed from the store,
 * live pushes wait in a buffer; when the replay is done they follow, minus any the replay had
 * already sent, so nothing is lost or doubled at the seam.
 */
export class LiveConnection {
  private replaying = true;
  private readonly waiting: { notification: NotificationView; unreadCount: number }[] = [];
  private readonly replayed = new Set<string>();
  private closed = false;

  constructor(
    readonly userId: string,
    readonly token: StreamToken,
    private readonly out: ServerResponse,
    private readonly onClose: (connection: LiveConnection) => void,
  ) {
    out.on('close', () => {
      this.finish();
    });
  }

  /** Sent during the replay: remembered so the buffered live pushes do not send it again. */
  replay(notification: NotificationView, unreadCount: number): void {
    this.replayed.add(notification.id);
    this.send(notification, unreadCount);
  }

  /** The replay is over: the buffered live pushes follow, and from now on pushes go straight out. */
  goLive(unreadCount: number | null): void {
    this.replaying = false;
    for (const { notification, unreadCount: count } of this.waiting.splice(0)) {
      if (!this.replayed.has(notification.id)) {
        this.send(notification, count);
      }
    }
    this.replayed.clear();
    if (unreadCount !== null) {
      this.write(`event: ready\ndata: ${JSON.stringify({ unreadCount })}\n\n`);
    }
  }

  push(notification: NotificationView, unreadCount: number): void {
    if (this.replaying) {
      this.waiting.push({ notification, unreadCount });
    } else {
      this.send(notification, unreadCount);
    }
  }

  /**
   * A hint that a request the user takes part in changed (ADR 027): its id only, no \`id:\` line, so
   * the client's Last-Event-ID stays the last notification's. Hints are not replayed.
   */
  change(subject: { type: string; id: string }): void {
    this.write(`event: change\ndata: ${JSON.stringify({ subject })}\n\n`);
  }

  /** Tells the client its replay was cut short: it should reload its inbox instead. */
  reset(): void {
    this.write(`event: reset\ndata: {}\n\n`);
  }

  heartbeat(): void {
    this.write(`: heartbeat\n\n`);
  }

  close(reason: CloseReason): void {
    if (!this.closed) {
      this.write(`event: closed\ndata: ${JSON.stringify({ reason })}\n\n`);
      this.out.end();
      this.finish();
    }
  }

  private send(notification: NotificationView, unreadCount: number): void {
    this.write(
      `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify({ notification, unreadCount })}\n\n`,
    );
  }

  private write(chunk: string): void {
    if (this.closed) {
      return;
    }
    if (this.out.writableLength > MAX_BUFFERED_BYTES) {
      this.closed = true;
      this.out.destroy();
      this.finish();
      return;
    }
    this.out.write(chunk);
  }

  private finish(): void {
    this.closed = true;
    this.onClose(this);
  }
}
