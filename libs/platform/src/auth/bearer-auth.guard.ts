import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@orbita/contracts';
import { RequestContext } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { AccessTokenVerifier } from './access-token';
import { PUBLIC_ROUTE } from './public.decorator';

/**
 * Guards the HTTP routes of a service that takes requests straight from the gateway (streamed
 * bodies): the caller's access token is verified here again, and its principal becomes the
 * principal of the request context (the token its access token, for what is asked on their behalf).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      return true;
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match?.[1]) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const principal = await this.verifier.verify(match[1]);
    const ctx = RequestContext.current();
    if (ctx) {
      ctx.principal = principal;
      // Forwarded on the requests made for them (a file filed to a request asks tasks as them).
      ctx.accessToken = match[1];
    }
    return true;
  }
}
