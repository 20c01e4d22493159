import { z } from 'zod';

export const ROLES = ['submit', 'read', 'approve', 'admin'] as const;

/**
 * What a route may do: `read` the scope's jobs, actions, events and usage; `submit` and cancel jobs; `approve`
 * (resolve) the scope's actions; `admin` every one of these.
 */
export type Role = (typeof ROLES)[number];

/** Who a request is: the tenant (scope) every route reads and writes, the principal, and the roles. */
export interface Identity {
  scopeId: string;
  /** Recorded on submitted jobs and as `resolvedBy` of the actions this caller resolves. */
  principalId?: string;
  roles: Role[];
}

export const identitySchema = z.strictObject({
  scopeId: z.string().min(1),
  principalId: z.string().min(1).optional(),
  roles: z.array(z.enum(ROLES)),
});

export function hasRole(identity: Identity, role: Role): boolean {
  return identity.roles.includes(role) || identity.roles.includes('admin');
}
