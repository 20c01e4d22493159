/** The part an operator plays in a multi-agent pattern. */
export const AgentRole = {
  COORDINATOR: 'coordinator',
  PLANNER: 'planner',
  EXECUTOR: 'executor',
  SPECIALIST: 'specialist',
  CRITIC: 'critic',
  DEBATER: 'debater',
  MODERATOR: 'moderator',
  SYNTHESIZER: 'synthesizer',
  ROUTER: 'router',
} as const;

export type AgentRole = (typeof AgentRole)[keyof typeof AgentRole];

export const AGENT_ROLES: readonly AgentRole[] = Object.values(AgentRole);
