import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { SetMetadata, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Permission, RequestContract } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { grantedOrgIds } from '../access/access-scope';
import { RequestContext } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { parseOrThrow } from '../errors/validation';

export const REQUEST_CONTRACT_METADATA = 'orbita:request-contract';
export const HANDLER_ACCESS_METADATA = 'orbita:handler-access';
export const PRINCIPAL_PARAM_METADATA = 'orbita:principal-param';

/**
 * Who may call a NATS handler, declared where the handler is (`@Handle(contract, access)`), so a
 * handler without a decision does not compile, and checked before the handler runs. The service's
 * use case still checks the object itself (the org it belongs to) with the same permission.
 */
export type HandlerAccess =
  /** Anyone the gateway lets through unauthenticated (login, links from e-mails). No principal. */
  | { kind: 'public'; why: string }
  /** Only the services the contract names as callers (NATS permissions enforce it). No principal. */
  | { kind: 'service'; why: string }
  /** Any signed-in user, about themselves only (their profile, session, inbox). */
  | { kind: 'signed-in'; why: string }
  /** A user holding one of these permissions at some org unit. */
  | { kind: 'permission'; anyOf: readonly Permission[] };

export const Access = {
  public: (why: string): HandlerAccess => ({ kind: 'public', why }),
  service: (why: string): HandlerAccess => ({ kind: 'service', why }),
  signedIn: (why: string): HandlerAccess => ({ kind: 'signed-in', why }),
  permission: (first: Permission, ...more: Permission[]): HandlerAccess => ({
    kind: 'permission',
    anyOf: [first, ...more],
  }),
};

/** Refuses a request before its handler runs unless the caller passes the handler's access rule. */
class HandlerAccessGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const access = Reflect.getMetadata(HANDLER_ACCESS_METADATA, context.getHandler()) as
      HandlerAccess | undefined;
    if (!access) {
      throw new Error(`${context.getClass().name}.${context.getHandler().name} has no access rule`);
    }
    switch (access.kind) {
      case 'public':
      case 'service':
        return true;
      case 'signed-in':
        requirePrincipal();
        return true;
      case 'permission': {
        const principal = requirePrincipal();
        if (!access.anyOf.some((permission) => grantedOrgIds(principal, permission).length > 0)) {
          throw new AppError(ErrorCode.Forbidden);
        }
        return true;
      }
    }
  }
}

function requirePrincipal() {
  const principal = RequestContext.principal();
  if (!principal) {
    throw new AppError(ErrorCode.Unauthenticated);
  }
  return principal;
}

/** Marks a NATS controller method as the handler of a request contract, with who may call it. */
export function Handle(contract: RequestContract, access: HandlerAccess): MethodDecorator {
  return applyDecorators(
    MessagePattern(contract.subject),
    SetMetadata(REQUEST_CONTRACT_METADATA, contract),
    SetMetadata(HANDLER_ACCESS_METADATA, access),
    UseGuards(HandlerAccessGuard),
  );
}

/**
 * The request payload, validated at runtime against the contract's schema of the handler
 * (payloads from the bus are never trusted, whoever sent them).
 */
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const contract = Reflect.getMetadata(REQUEST_CONTRACT_METADATA, ctx.getHandler()) as
    RequestContract | undefined;
  if (!contract) {
    throw new Error(`@Input() used on ${ctx.getClass().name}.${ctx.getHandler().name} without @Handle()`);
  }
  return parseOrThrow(contract.request, ctx.switchToRpc().getData());
});

const principalParam = createParamDecorator((): unknown => requirePrincipal());

/**
 * The caller's principal, verified from the request's access token; UNAUTHENTICATED when there is
 * none. Marks the method too, so a test can hold every handler that takes a principal to an access
 * rule that checks one.
 */
export function CurrentPrincipal(): ParameterDecorator {
  return (target, key, index) => {
    if (key !== undefined) {
      Reflect.defineMetadata(PRINCIPAL_PARAM_METADATA, true, target, key);
    }
    principalParam()(target, key, index);
  };
}
