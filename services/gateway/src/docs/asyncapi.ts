import { EVENTS_STREAM, EventEnvelopeSchema, allEvents } from '@orbita/contracts';
import { z } from 'zod';

/**
 * The AsyncAPI document of the events outside systems may subscribe to (the EVENTS stream), made
 * from the contracts themselves. Messages with secrets (the MAIL stream) are not part of it.
 */
export function asyncApiDocument(serverUrl: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (const event of allEvents.filter((e) => e.stream === EVENTS_STREAM)) {
    channels[event.subject] = {
      description: event.description,
      subscribe: {
        operationId: `on_${event.type.replace(/[.-]/g, '_')}`,
        message: {
          name: event.type,
          title: `${event.type} v${event.version}`,
          summary: event.description,
          contentType: 'application/json',
          headers: {
            type: 'object',
            properties: {
              'Nats-Msg-Id': {
                type: 'string',
                description: 'The envelope id; JetStream drops duplicates by it',
              },
              'x-correlation-id': { type: 'string' },
              'x-causation-id': { type: 'string' },
            },
          },
          payload: z.toJSONSchema(
            EventEnvelopeSchema.extend({
              type: z.literal(event.type),
              version: z.literal(event.version),
              data: event.data,
            }),
            {
              unrepresentable: 'any',
            },
          ),
        },
      },
    };
  }
  return {
    asyncapi: '2.6.0',
    info: {
      title: 'Orbita events',
      version: '0.1.0',
      description:
        'Facts published by the services to the NATS JetStream stream EVENTS (subjects events.<service>.<entity>.<verb>, ' +
        'file storage, 90 days). Outside systems connect as the NATS user `integrations` (inbox prefix ' +
        '`_INBOX.integrations`) and pull from the durable consumer `integrations` with explicit acks; that user can do ' +
        'nothing else. Deliveries may repeat, so handle events idempotently by their id. A breaking change to a ' +
        'payload is a new event type.',
    },
    servers: {
      nats: { url: serverUrl, protocol: 'nats', description: "The installation's NATS server (JetStream)" },
    },
    defaultContentType: 'application/json',
    channels,
  };
}
