import type { OperatorResult } from '../context/operator-result';

export const NodeStatus = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  SKIPPED: 'skipped',
} as const;

export type NodeStatus = (typeof NodeStatus)[keyof typeof NodeStatus];

/** Why a node did not run: a predecessor failed (or was skipped for that), or no incoming edge's condition held. */
export type SkipReason = 'dependency_failed' | 'condition_not_met';

/** What happened to one node of a graph run. */
export interface NodeResult {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** The operator's result (absent for skipped nodes). */
  readonly result?: OperatorResult;
  readonly skipReason?: SkipReason;
}
