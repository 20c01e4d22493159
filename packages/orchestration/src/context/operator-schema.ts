import { z } from 'zod';
import { AGENT_ROLES, type AgentRole } from './agent-role';
import type { Operator } from './operator-context';

/** Validates that a value is an Operator (name, role, description, execute). */
export const operatorSchema = z.custom<Operator>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Operator).name === 'string' &&
    typeof (value as Operator).execute === 'function',
  'must be an Operator (name, role, description, execute)',
);

export const agentRoleSchema = z.enum(AGENT_ROLES as [AgentRole, ...AgentRole[]]);

/** The identity options every built-in pattern takes. */
export const identitySchema = {
  name: z.string().min(1).optional(),
  role: agentRoleSchema.optional(),
  description: z.string().optional(),
};
