import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { BusExceptionFilter } from './rpc-exception.filter';
import { HttpErrorFilter } from './http-exception.filter';

/**
 * The one global filter: HTTP errors become `{code, message}` answers, NATS handler errors become
 * WireError replies. (Two catch-all filters would shadow each other, hence one that dispatches.)
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly http = new HttpErrorFilter();
  private readonly rpc = new BusExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() === 'rpc') {
      return this.rpc.catch(exception, host);
    }
    this.http.catch(exception, host);
    return undefined;
  }
}
