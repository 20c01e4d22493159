import { functionSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { Operator, OperatorInput } from '../context/operator-context';
import type { OperatorResult } from '../context/operator-result';
import { operatorSchema } from '../context/operator-schema';

/** Builds a node's input from the graph input and the results of its active predecessors. */
export type NodeInputBuilder = (
  graphInput: OperatorInput,
  predecessors: ReadonlyMap<string, OperatorResult>,
) => OperatorInput;

export interface GraphNodeOptions {
  input?: NodeInputBuilder;
}

const nodeSchema = z.strictObject({
  nodeId: z.string().min(1),
  operator: operatorSchema,
  options: z.strictObject({ input: functionSchema<NodeInputBuilder>().optional() }),
});

/** A step of an ExecutionGraph: an operator under an id. */
export class GraphNode {
  readonly nodeId: string;
  readonly operator: Operator;
  readonly buildInput?: NodeInputBuilder;

  constructor(nodeId: string, operator: Operator, options: GraphNodeOptions = {}) {
    const parsed = parseInput(nodeSchema, { nodeId, operator, options }, 'node');
    this.nodeId = parsed.nodeId;
    this.operator = parsed.operator;
    this.buildInput = parsed.options.input;
    Object.freeze(this);
  }
}
