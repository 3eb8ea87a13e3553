import { z } from 'zod';
import { errorCodes } from './error-codes';

/** The shape an expected failure takes on the wire (NATS reply `err`), between services. */
export const WireErrorSchema = z.object({
  code: z.enum(errorCodes as [string, ...string[]]),
  message: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  details: z
    .array(z.object({ path: z.string(), message: z.string(), message_ru: z.string().optional() }))
    .optional(),
});

export type WireError = z.infer<typeof WireErrorSchema>;
