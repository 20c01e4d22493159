import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { contentText } from '../context/content-text';
import type { OperatorContext, OperatorInput } from '../context/operator-context';
import { failed, type OperatorResult } from '../context/operator-result';
import { Semaphore } from '../context/semaphore';
import type { ExecutionGraph } from './execution-graph';
import type { GraphEdge } from './graph-edge';
import { type NodeResult, NodeStatus, type SkipReason } from './node-result';

export interface GraphExecutorOptions {
  /** Nodes running at once. Defaults to 5. */
  maxParallel?: number;
}

const optionsSchema = z.strictObject({ maxParallel: z.number().int().positive().default(5) });

type Plan = { run: OperatorInput } | { skip: SkipReason } | { fail: unknown };

/**
 * Runs an ExecutionGraph: validates it first (GraphValidationError, nothing runs), then runs each node as a
 * child of the context once all its predecessors have finished, independent nodes in parallel up to
 * `maxParallel`. A failed node skips its dependents (transitively); a node whose incoming edges all have a
 * condition that does not hold is skipped too. A node gets the graph input with `text` (the active
 * predecessors' texts joined by blank lines) and `inputs` (their contents by node id), unless the node builds
 * its own input.
 */
export class GraphExecutor {
  private readonly maxParallel: number;
  private results = new Map<string, NodeResult>();

  constructor(
    readonly graph: ExecutionGraph,
    options: GraphExecutorOptions = {},
  ) {
    this.maxParallel = parseInput(optionsSchema, options, 'options').maxParallel;
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<ReadonlyMap<string, NodeResult>> {
    this.graph.validate();
    const results = new Map<string, NodeResult>();
    this.results = results;
    const slots = new Semaphore(this.maxParallel);
    const waitingFor = new Map(this.graph.nodes.map((n) => [n.nodeId, this.graph.incoming(n.nodeId).length]));
    const tasks: Promise<void>[] = [];

    const finish = (nodeResult: NodeResult) => {
      results.set(nodeResult.nodeId, nodeResult);
      for (const edge of this.graph.outgoing(nodeResult.nodeId)) {
        const left = waitingFor.get(edge.target)! - 1;
        waitingFor.set(edge.target, left);
        if (left === 0) start(edge.target);
      }
    };
    const start = (nodeId: string) => {
      const plan = this.plan(nodeId, input, results);
      if ('skip' in plan) return finish({ nodeId, status: NodeStatus.SKIPPED, skipReason: plan.skip });
      const operator = this.graph.node(nodeId)!.operator;
      if ('fail' in plan) return finish(nodeResult(nodeId, failed(operator, plan.fail)));
      tasks.push(
        (async () => {
          const release = await slots.acquire();
          let result: OperatorResult;
          try {
            result = await context.runChild(operator, plan.run);
          } catch (error) {
            result = failed(operator, error);
          } finally {
            release();
          }
          finish(nodeResult(nodeId, result));
        })(),
      );
    };

    for (const [nodeId, count] of waitingFor) if (count === 0) start(nodeId);
    while (tasks.length > 0) await tasks.shift();
    return results;
  }

  /** The last run's node results. */
  get nodeResults(): ReadonlyMap<string, NodeResult> {
    return this.results;
  }

  /** The content of the last sink node (no outgoing edges, in the order nodes were added) that succeeded. */
  getFinalContent(): unknown {
    const sinks = this.graph.nodes.filter((n) => this.graph.outgoing(n.nodeId).length === 0);
    const done = sinks
      .map((n) => this.results.get(n.nodeId))
      .filter((r) => r?.status === NodeStatus.SUCCEEDED);
    return done.at(-1)?.result?.content;
  }

  private plan(nodeId: string, input: OperatorInput, results: ReadonlyMap<string, NodeResult>): Plan {
    const incoming = this.graph.incoming(nodeId);
    if (incoming.length === 0)
      return { run: this.graph.node(nodeId)!.buildInput?.(input, new Map()) ?? input };
    const sources = incoming.map((e) => results.get(e.source)!);
    if (sources.some((s) => s.status === NodeStatus.FAILED || s.skipReason === 'dependency_failed'))
      return { skip: 'dependency_failed' };
    try {
      const active = new Map<string, OperatorResult>();
      for (const edge of incoming)
        if (flows(edge, results)) active.set(edge.source, results.get(edge.source)!.result!);
      if (active.size === 0) return { skip: 'condition_not_met' };
      return { run: this.graph.node(nodeId)!.buildInput?.(input, active) ?? defaultInput(input, active) };
    } catch (error) {
      return { fail: error };
    }
  }
}

function flows(edge: GraphEdge, results: ReadonlyMap<string, NodeResult>): boolean {
  const source = results.get(edge.source)!;
  return source.status === NodeStatus.SUCCEEDED && (edge.condition?.(source.result!) ?? true);
}

function defaultInput(input: OperatorInput, active: ReadonlyMap<string, OperatorResult>): OperatorInput {
  const contents = [...active.values()].map((r) => r.content);
  const inputs = Object.fromEntries([...active].map(([id, r]) => [id, r.content]));
  return { ...input, text: contents.map(contentText).join('\n\n'), inputs };
}

function nodeResult(nodeId: string, result: OperatorResult): NodeResult {
  return { nodeId, status: result.success ? NodeStatus.SUCCEEDED : NodeStatus.FAILED, result };
}
