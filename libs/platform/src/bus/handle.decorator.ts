import type { ExecutionContext } from '@nestjs/common';
import { SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RequestContract } from '@orbita/contracts';
import { ErrorCode } from '@orbita/contracts';
import { RequestContext } from '../context/request-context';
import { AppError } from '../errors/app-error';
import { parseOrThrow } from '../errors/validation';

const CONTRACT_METADATA = 'orbita:request-contract';

/** Marks a NATS controller method as the handler of a request contract. */
export function Handle(contract: RequestContract): MethodDecorator {
  return applyDecorators(MessagePattern(contract.subject), SetMetadata(CONTRACT_METADATA, contract));
}

/**
 * The request payload, validated at runtime against the contract's schema of the handler
 * (payloads from the bus are never trusted, whoever sent them).
 */
export const Input = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => {
  const contract = Reflect.getMetadata(CONTRACT_METADATA, ctx.getHandler()) as RequestContract | undefined;
  if (!contract) {
    throw new Error(`@Input() used on ${ctx.getClass().name}.${ctx.getHandler().name} without @Handle()`);
  }
  return parseOrThrow(contract.request, ctx.switchToRpc().getData());
});

/** The caller's principal from the request headers; UNAUTHENTICATED when there is none. */
export const CurrentPrincipal = createParamDecorator((): unknown => {
  const principal = RequestContext.principal();
  if (!principal) {
    throw new AppError(ErrorCode.Unauthenticated);
  }
  return principal;
});
