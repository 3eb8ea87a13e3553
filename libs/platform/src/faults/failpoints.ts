import type { LoggerService } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PlatformOptions } from '../bus/platform-options';
import { PLATFORM_OPTIONS } from '../bus/tokens';

/**
 * Test-only fault injection (the FAILPOINT setting, never set in production): SIGKILLs the process
 * at the named line, so no shutdown hook or pending promise runs — as a crash there would. The
 * crash-safety tests set one per process and prove that what was written before it is finished by
 * whoever comes next, and nothing is done twice.
 */
export function killAtFailpoint(options: PlatformOptions, name: string, logger: LoggerService): void {
  if (options.events?.failpoint === name) {
    logger.warn({ failpoint: name, msg: 'Failpoint reached: killing the process' });
    process.kill(process.pid, 'SIGKILL');
  }
}

/** killAtFailpoint for use cases: inject it and call `hit` at the line. */
@Injectable()
export class Failpoints {
  private readonly logger = new Logger(Failpoints.name);

  constructor(@Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions) {}

  hit(name: string): void {
    killAtFailpoint(this.options, name, this.logger);
  }
}
