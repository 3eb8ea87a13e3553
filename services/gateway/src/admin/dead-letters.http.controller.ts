import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { DeadLetterView, Page } from '@orbita/contracts';
import {
  DeadLetterPageSchema,
  DeadLetterRequestsByService,
  DeadLetterViewSchema,
  EVENT_CONSUMING_SERVICES,
  ErrorCode,
  EventConsumingServiceSchema,
  ListDeadLettersInputSchema,
} from '@orbita/contracts';
import { AppError, BusClient, parseOrThrow } from '@orbita/platform';
import { z } from 'zod';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

const ServiceQuerySchema = z.object({ service: EventConsumingServiceSchema });

/**
 * Events a service could not handle after its tries (a bug, a poison payload) wait in that
 * service's dead-letter store, with the error, until an admin (ops.manage) replays or discards them.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/dead-letters')
export class DeadLettersHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: "A service's parked events (or replayed, discarded ones), newest first (ops.manage)",
  })
  @ApiQuery({ name: 'service', required: true, enum: EVENT_CONSUMING_SERVICES })
  @ApiQuery({ name: 'status', required: false, enum: ['parked', 'replayed', 'discarded'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(DeadLetterPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<DeadLetterView>> {
    const { service } = parseOrThrow(ServiceQuerySchema, { service: query['service'] });
    const rest = Object.fromEntries(Object.entries(query).filter(([key]) => key !== 'service'));
    return this.bus.request(
      DeadLetterRequestsByService[service].list,
      parseOrThrow(ListDeadLettersInputSchema, rest),
    );
  }

  @Get(':deadLetterId')
  @ApiOperation({
    summary: 'One dead letter: the message as received, the error, what became of it (ops.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(DeadLetterViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such dead letter' })
  get(@Param('deadLetterId') id: string): Promise<DeadLetterView> {
    return this.inWhicheverService('get', idParam('deadLetterId', id));
  }

  @Post(':deadLetterId/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run the handler again on a parked event, once its cause is fixed (ops.manage)' })
  @ApiOkResponse({ schema: openApiSchema(DeadLetterViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such dead letter' })
  @ApiConflictResponse({
    description: 'CONFLICT: it failed again (the error is kept), or it is no longer parked',
  })
  replay(@Param('deadLetterId') id: string): Promise<DeadLetterView> {
    return this.inWhicheverService('replay', idParam('deadLetterId', id));
  }

  @Post(':deadLetterId/discard')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give a parked event up for good; it is kept, marked discarded (ops.manage)' })
  @ApiOkResponse({ schema: openApiSchema(DeadLetterViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such dead letter' })
  discard(@Param('deadLetterId') id: string): Promise<DeadLetterView> {
    return this.inWhicheverService('discard', idParam('deadLetterId', id));
  }

  /**
   * Dead-letter ids are unique across services (ULIDs), so an action needs no service: each
   * consuming service is asked in turn until one holds the letter.
   */
  private async inWhicheverService(
    action: 'get' | 'replay' | 'discard',
    deadLetterId: string,
  ): Promise<DeadLetterView> {
    // A service that is down might hold it: say so rather than NOT_FOUND, once the others were asked.
    let unavailable: AppError | null = null;
    for (const service of EVENT_CONSUMING_SERVICES) {
      try {
        return await this.bus.request(DeadLetterRequestsByService[service][action], { deadLetterId });
      } catch (err) {
        if (
          err instanceof AppError &&
          (err.code === ErrorCode.ServiceUnavailable || err.code === ErrorCode.UpstreamTimeout)
        ) {
          unavailable ??= err;
        } else if (!(err instanceof AppError && err.code === ErrorCode.NotFound)) {
          throw err;
        }
      }
    }
    if (unavailable) {
      throw unavailable;
    }
    throw AppError.notFound('dead letter');
  }
}
