import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { z } from 'zod';
import { Public } from '../auth/public.decorator';
import { CLOCK } from '../bus/tokens';
import { AppError } from '../errors/app-error';
import { parseOrThrow } from '../errors/validation';
import type { MovableClock } from './clock';

const MoveSchema = z.union([
  z.object({
    advanceMs: z
      .number()
      .int()
      .nonnegative()
      .max(10 * 365 * 86_400_000),
  }),
  z.object({ to: z.iso.datetime() }),
]);

/**
 * The test harness's hold on a service's clock. Registered only when the service was started in
 * test mode (TEST_MODE=true, which only the harness sets): elsewhere the route does not exist.
 */
@ApiExcludeController()
@Public()
@Controller('test/clock')
export class TestClockController {
  constructor(@Inject(CLOCK) private readonly clock: MovableClock) {}

  @Get()
  now(): { now: string; offsetMs: number } {
    return { now: this.clock.now().toISOString(), offsetMs: this.clock.offset };
  }

  @Post()
  @HttpCode(200)
  move(@Body() body: unknown): { now: string; offsetMs: number } {
    const move = parseOrThrow(MoveSchema, body);
    try {
      if ('advanceMs' in move) {
        this.clock.advance(move.advanceMs);
      } else {
        this.clock.set(new Date(move.to));
      }
    } catch {
      throw AppError.validation({
        en: 'the clock only moves forward',
        ru: 'часы можно только переводить вперёд',
      });
    }
    return this.now();
  }
}
