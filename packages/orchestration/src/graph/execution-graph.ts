import { ValidationError } from '@agent-runtime/core';
import type { GraphEdge } from './graph-edge';
import { GraphNode } from './graph-node';
import { GraphValidationError } from './graph-validation-error';

/**
 * A directed acyclic graph of operators. Nodes without incoming edges are the entries (or those named with
 * `setEntry`); `validate()` refuses an empty graph, edges to unknown nodes, cycles and nodes no entry reaches.
 */
export class ExecutionGraph {
  private readonly nodeMap = new Map<string, GraphNode>();
  private readonly edgeList: GraphEdge[] = [];
  private explicitEntries?: readonly string[];

  /** Adds a node; a second node with the same id throws GraphValidationError (`duplicate_node`). */
  addNode(node: GraphNode): this {
    if (!(node instanceof GraphNode))
      throw new ValidationError({ field: 'node', message: 'node: must be a GraphNode' });
    if (this.nodeMap.has(node.nodeId))
      throw new GraphValidationError({
        problem: 'duplicate_node',
        nodeIds: [node.nodeId],
        message: `graph already has a node ${node.nodeId}`,
      });
    this.nodeMap.set(node.nodeId, node);
    return this;
  }

  /** Adds an edge; its nodes may be added later (`validate` checks them). */
  addEdge(edge: GraphEdge): this {
    this.edgeList.push(edge);
    return this;
  }

  /** Names the entry nodes; every other node must then be reachable from them. */
  setEntry(...nodeIds: string[]): this {
    this.explicitEntries = nodeIds;
    return this;
  }

  get nodes(): readonly GraphNode[] {
    return [...this.nodeMap.values()];
  }

  get edges(): readonly GraphEdge[] {
    return [...this.edgeList];
  }

  node(nodeId: string): GraphNode | undefined {
    return this.nodeMap.get(nodeId);
  }

  incoming(nodeId: string): GraphEdge[] {
    return this.edgeList.filter((e) => e.target === nodeId);
  }

  outgoing(nodeId: string): GraphEdge[] {
    return this.edgeList.filter((e) => e.source === nodeId);
  }

  entryNodes(): readonly string[] {
    return (
      this.explicitEntries ?? this.nodes.map((n) => n.nodeId).filter((id) => this.incoming(id).length === 0)
    );
  }

  /** Throws GraphValidationError naming the problem and the nodes involved. */
  validate(): void {
    if (this.nodeMap.size === 0) throw invalid('empty', [], 'graph has no nodes');
    const unknown = [
      ...this.edgeList.flatMap((e) => [e.source, e.target]),
      ...(this.explicitEntries ?? []),
    ].filter((id) => !this.nodeMap.has(id));
    if (unknown.length > 0)
      throw invalid(
        'unknown_node',
        [...new Set(unknown)],
        `unknown nodes: ${[...new Set(unknown)].join(', ')}`,
      );
    const cyclic = this.nodesOnOrAfterCycles();
    if (cyclic.length > 0) throw invalid('cycle', cyclic, `graph has a cycle through ${cyclic.join(', ')}`);
    const unreachable = this.unreachableNodes();
    if (unreachable.length > 0)
      throw invalid('unreachable', unreachable, `no entry node reaches ${unreachable.join(', ')}`);
  }

  /** Kahn's algorithm: what cannot be ordered lies on a cycle or downstream of one. */
  private nodesOnOrAfterCycles(): string[] {
    const indegree = new Map(this.nodes.map((n) => [n.nodeId, this.incoming(n.nodeId).length]));
    const ready = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
    while (ready.length > 0) {
      const id = ready.pop()!;
      indegree.delete(id);
      for (const edge of this.outgoing(id)) {
        const left = indegree.get(edge.target)! - 1;
        indegree.set(edge.target, left);
        if (left === 0) ready.push(edge.target);
      }
    }
    return [...indegree.keys()];
  }

  private unreachableNodes(): string[] {
    const seen = new Set<string>();
    const queue = [...this.entryNodes()];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      queue.push(...this.outgoing(id).map((e) => e.target));
    }
    return this.nodes.map((n) => n.nodeId).filter((id) => !seen.has(id));
  }
}

function invalid(problem: GraphValidationError['problem'], nodeIds: readonly string[], message: string) {
  return new GraphValidationError({ problem, nodeIds, message });
}
