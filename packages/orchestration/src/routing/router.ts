import type { Operator, OperatorInput } from '../context/operator-context';

/** Which operator should handle an input, and why. */
export interface RoutingDecision {
  readonly operatorName: string;
  /** 0..1: how sure the router is. */
  readonly confidence: number;
  readonly reasoning: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Picks an operator for an input. DefaultRouter is rule-based; an LLM-based router implements this too. */
export interface Router {
  route(input: OperatorInput, availableOperators: readonly Operator[]): Promise<RoutingDecision>;
}
