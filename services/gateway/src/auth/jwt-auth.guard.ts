import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt } from 'passport-jwt';
import type { Principal } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { AppError, PUBLIC_ROUTE, RequestContext } from '@orbita/platform';

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The global guard: every route needs a valid access token unless marked @Public(). The verified
 * principal becomes the request context's, and the token travels with every NATS request made for
 * it, for each service to verify again.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<TUser = Principal>(
    err: unknown,
    user: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    // Identity being unreachable while keys are fetched is an outage, not a bad token.
    for (const cause of [err, info]) {
      if (cause instanceof AppError && cause.code !== ErrorCode.Unauthenticated) {
        throw cause;
      }
    }
    if (err || !user) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const ctx = RequestContext.current();
    if (ctx) {
      ctx.principal = user as unknown as Principal;
      ctx.accessToken = bearerToken(context.switchToHttp().getRequest<FastifyRequest>()) ?? null;
    }
    return user;
  }
}
