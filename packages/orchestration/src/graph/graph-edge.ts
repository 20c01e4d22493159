import { functionSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { OperatorResult } from '../context/operator-result';

/** Decides, from the source's (successful) result, whether data flows along an edge. */
export type EdgeCondition = (sourceResult: OperatorResult) => boolean;

export interface GraphEdgeOptions {
  condition?: EdgeCondition;
}

const edgeSchema = z.strictObject({
  source: z.string().min(1),
  target: z.string().min(1),
  options: z.strictObject({ condition: functionSchema<EdgeCondition>().optional() }),
});

/** Data flows from `source` to `target`; `target` waits for `source` to finish. */
export class GraphEdge {
  readonly source: string;
  readonly target: string;
  readonly condition?: EdgeCondition;

  constructor(source: string, target: string, options: GraphEdgeOptions = {}) {
    const parsed = parseInput(edgeSchema, { source, target, options }, 'edge');
    this.source = parsed.source;
    this.target = parsed.target;
    this.condition = parsed.options.condition;
    Object.freeze(this);
  }
}
