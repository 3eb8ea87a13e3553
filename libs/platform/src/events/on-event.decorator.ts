import { SetMetadata } from '@nestjs/common';
import type { EventContract } from '@orbita/contracts';

export const ON_EVENT_METADATA = 'orbita:on-event';

/**
 * Marks a provider method as the handler of an event kind, delivered through the service's durable
 * JetStream consumer. Handlers must be idempotent: an event may arrive more than once.
 */
export const OnEvent = (contract: EventContract): MethodDecorator => SetMetadata(ON_EVENT_METADATA, contract);
