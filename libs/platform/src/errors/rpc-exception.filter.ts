import type { ArgumentsHost, RpcExceptionFilter } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Observable } from 'rxjs';
import { throwError } from 'rxjs';
import { ErrorCode } from '@orbita/contracts';
import { AppError } from './app-error';

/**
 * Turns whatever a NATS handler threw into a WireError reply. Expected failures keep their code;
 * anything else is logged whole and answered as INTERNAL with an errorId to look it up by.
 */
export class BusExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(BusExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (host.getType() !== 'rpc') {
      throw exception;
    }
    if (exception instanceof AppError) {
      return throwError(() => exception.toWire());
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, msg: 'Unhandled error in a NATS handler' });
    return throwError(() => new AppError(ErrorCode.Internal, { errorId }).toWire());
  }
}
