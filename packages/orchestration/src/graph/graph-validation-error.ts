import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'GraphValidationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

export type GraphProblem = 'empty' | 'duplicate_node' | 'unknown_node' | 'cycle' | 'unreachable';

/** An ExecutionGraph cannot run: it names the problem and the nodes involved. Nothing ran. */
export class GraphValidationError extends AgentRuntimeError<typeof ErrorCode.GRAPH_INVALID> {
  private readonly [symbol] = true;
  readonly problem: GraphProblem;
  readonly nodeIds: readonly string[];
  constructor({
    problem,
    nodeIds,
    message,
  }: { problem: GraphProblem; nodeIds: readonly string[]; message: string }) {
    super({ name, code: ErrorCode.GRAPH_INVALID, message });
    this.problem = problem;
    this.nodeIds = nodeIds;
  }

  static override isInstance(error: unknown): error is GraphValidationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
