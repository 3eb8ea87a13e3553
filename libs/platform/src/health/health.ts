import { Controller, Get, HttpCode, HttpStatus, Injectable, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';

export interface HealthCheck {
  /** Shown in the readiness answer: nats, mongo, minio… */
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) otherwise. */
  check(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** The checks readiness runs; platform pieces and services register theirs at module init. */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];
  private shuttingDown = false;

  register(check: HealthCheck): void {
    this.checks.push(check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async run(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all(
      this.checks.map(async (check) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check.check(),
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`));
              }, CHECK_TIMEOUT_MS);
            }),
          ]);
          return [check.name, 'ok'] as const;
        } catch (err) {
          return [check.name, err instanceof Error ? err.message : String(err)] as const;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(results);
    if (this.shuttingDown) {
      checks['shutdown'] = 'in progress';
    }
    return { ready: !this.shuttingDown && results.every(([, status]) => status === 'ok'), checks };
  }
}

@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(private readonly registry: HealthRegistry) {}

  /** The process is up and its event loop turns. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency answers: NATS, the database, object storage where used. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const result = await this.registry.run();
    if (!result.ready) {
      this.logger.warn({ checks: result.checks, msg: 'Not ready' });
    }
    await reply
      .status(result.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .send({ status: result.ready ? 'ok' : 'unavailable', checks: result.checks });
  }
}
