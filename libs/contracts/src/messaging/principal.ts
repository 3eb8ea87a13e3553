import { z } from 'zod';
import { GrantSchema } from '../access/permissions';

export const SeatType = { Full: 'full', Portal: 'portal' } as const;
export type SeatType = (typeof SeatType)[keyof typeof SeatType];
export const SeatTypeSchema = z.enum([SeatType.Full, SeatType.Portal]);

/**
 * Who is acting. Built by the gateway from a verified access token and carried in the headers of
 * every NATS request, so each service can check access itself.
 */
export const PrincipalSchema = z.object({
  userId: z.string().min(1),
  /** The org the user belongs to. */
  orgId: z.string().min(1),
  /** Org ids from the root (the company) down to and including `orgId`. */
  orgPath: z.array(z.string().min(1)).min(1),
  /** Names of the roles held (for display; access is decided by grants). */
  roles: z.array(z.string()),
  /** What the user may do where: permissions per org unit, each covering that unit's subtree. */
  grants: z.array(GrantSchema),
  seat: SeatTypeSchema,
  /** True for people of client and partner orgs (portal users). */
  external: z.boolean(),
  sessionId: z.string().optional(),
});

export type Principal = z.infer<typeof PrincipalSchema>;
