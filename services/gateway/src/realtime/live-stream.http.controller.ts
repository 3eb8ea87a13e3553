import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCode, LiveRequests, NotificationsRequests } from '@orbita/contracts';
import { AppError, BusClient, RequestContext } from '@orbita/platform';
import type { StreamToken } from './live-connection';
import { LiveConnection } from './live-connection';
import { LiveHub } from './live-hub';

/** Replayed after a reconnect at most this many pages of the since request; beyond, the client reloads. */
const MAX_REPLAY_PAGES = 5;

const LastEventIdSchema = z.string().regex(/^[0-9A-Za-z]{1,64}$/);

const TokenClaimsSchema = z.object({
  sid: z.string().min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  gv: z.number().int().min(0).optional(),
});

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications/stream')
export class LiveStreamHttpController {
  constructor(
    private readonly hub: LiveHub,
    private readonly bus: BusClient,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'My notifications as they are stored, as Server-Sent Events (text/event-stream): `notification` events (id = the notification id, data {notification, unreadCount}), `ready` once the replay after Last-Event-ID is done, `reset` when too much was missed to replay (reload the inbox), `closed` when the session was revoked or the token expired (reconnect with a fresh token), and heartbeat comments',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last notification id seen' })
  @ApiQuery({ name: 'lastEventId', required: false, type: String })
  @ApiOkResponse({ description: 'The stream', content: { 'text/event-stream': {} } })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no valid access token' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many streams open for you' })
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Query('lastEventId') lastEventIdQuery: string | undefined,
  ): Promise<void> {
    const ctx = RequestContext.current();
    const principal = ctx?.principal;
    const token = ctx?.accessToken ? claimsOf(ctx.accessToken) : null;
    if (!principal || !token) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const lastEventId = lastEventIdHeader ?? lastEventIdQuery;
    if (lastEventId !== undefined && !LastEventIdSchema.safeParse(lastEventId).success) {
      throw AppError.validation({
        en: 'Last-Event-ID must be a notification id',
        ru: 'Заголовок «Last-Event-ID» должен быть идентификатором уведомления',
      });
    }
    if (!this.hub.hasRoomFor(principal.userId)) {
      throw new AppError(ErrorCode.TooManyRequests, { retryAfter: 30 });
    }

    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write('retry: 3000\n\n');
    request.socket.setKeepAlive(true);
    request.socket.setTimeout(0);

    const connection = new LiveConnection(principal.userId, token, out, (closed) => {
      this.hub.remove(closed);
    });
    this.hub.add(connection);
    try {
      connection.goLive(
        lastEventId === undefined ? await this.unreadCount() : await this.replay(connection, lastEventId),
      );
    } catch {
      // The store could not be asked: the client retries the connection (the `retry` above).
      connection.close('shutdown');
    }
  }

  /** Sends what was stored after `afterId`, oldest first; the unread count once done. */
  private async replay(connection: LiveConnection, afterId: string): Promise<number> {
    let cursor = afterId;
    for (let page = 0; page < MAX_REPLAY_PAGES; page += 1) {
      const missed = await this.bus.request(LiveRequests.since, { afterId: cursor, limit: 200 });
      for (const notification of missed.items) {
        connection.replay(notification, missed.unreadCount);
        cursor = notification.id;
      }
      if (!missed.more) {
        return missed.unreadCount;
      }
    }
    connection.reset();
    return this.unreadCount();
  }

  private async unreadCount(): Promise<number> {
    const page = await this.bus.request(NotificationsRequests.list, { limit: 1, unreadOnly: true });
    return page.unreadCount;
  }
}

/** The claims a stream is kept open by; the guard has verified the token already. */
function claimsOf(accessToken: string): StreamToken | null {
  const payload = accessToken.split('.')[1];
  if (!payload) {
    return null;
  }
  try {
    const claims = TokenClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString()));
    return claims.success
      ? {
          sessionId: claims.data.sid,
          issuedAt: claims.data.iat,
          grantsVersion: claims.data.gv ?? 0,
          expiresAt: claims.data.exp,
        }
      : null;
  } catch {
    return null;
  }
}
