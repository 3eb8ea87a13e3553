import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { RequestContext } from '../context/request-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type Logger = pino.Logger;

/**
 * The root JSON logger of a process. Every line carries the service name and, through the mixin,
 * the correlation id of the unit of work in progress. Errors go under `err` so pino serialises the
 * stack and cause instead of printing `{}`.
 */
export function createRootLogger(service: string, level: LogLevel, fd: 1 | 2 = 1): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      mixin() {
        const correlationId = RequestContext.correlationId();
        return correlationId ? { correlationId } : {};
      },
    },
    pino.destination({ fd, sync: true }),
  );
}

/** Adapts pino to Nest's LoggerService so framework messages come out as the same JSON lines. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    // Nest passes the context (class name) last, and for errors a stack string before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length >= 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const bindings: Record<string, unknown> = {};
    if (context) {
      bindings['context'] = context;
    }
    if (message instanceof Error) {
      bindings['err'] = message;
      this.root[level](bindings, message.message);
      return;
    }
    if (stack) {
      bindings['stack'] = stack;
    }
    if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...bindings, ...(message as Record<string, unknown>) });
      return;
    }
    this.root[level](bindings, String(message));
  }
}
