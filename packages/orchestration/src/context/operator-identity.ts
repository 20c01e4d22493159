import type { AgentRole } from './agent-role';

/** What results, child jobs and events name an operator by. */
export interface OperatorIdentity {
  readonly name: string;
  readonly role: AgentRole;
}
