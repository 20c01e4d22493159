import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, flush, operator, rootContext } from '../test-support';
import { ExecutionGraph } from './execution-graph';
import { GraphEdge } from './graph-edge';
import { GraphExecutor } from './graph-executor';
import { GraphNode } from './graph-node';
import { GraphValidationError } from './graph-validation-error';

const echo = (name: string) => operator(name, (input) => `${name}(${input.text})`);
const big = { config: { maxChildJobs: 50 } };

function referenceGraph() {
  const graph = new ExecutionGraph();
  graph.addNode(new GraphNode('planner', echo('planner')));
  graph.addNode(new GraphNode('exec1', echo('executor')));
  graph.addNode(new GraphNode('exec2', echo('executor')));
  graph.addNode(new GraphNode('synth', echo('synthesizer')));
  graph.addEdge(new GraphEdge('planner', 'exec1'));
  graph.addEdge(new GraphEdge('planner', 'exec2'));
  graph.addEdge(new GraphEdge('exec1', 'synth'));
  graph.addEdge(new GraphEdge('exec2', 'synth'));
  return graph;
}

describe('GraphExecutor', () => {
  it('runs the reference graph: nodes after their predecessors, data along edges', async () => {
    const executor = new GraphExecutor(referenceGraph(), { maxParallel: 5 });
    const results = await executor.execute({ text: 'task' }, rootContext());
    expect([...results.values()].every((r) => r.status === 'succeeded')).toBe(true);
    expect(results.get('exec2')?.result?.content).toBe('executor(planner(task))');
    expect(executor.getFinalContent()).toBe(
      'synthesizer(executor(planner(task))\n\nexecutor(planner(task)))',
    );
  });

  it('runs independent nodes in parallel, never more than maxParallel', async () => {
    const probe = new ConcurrencyProbe();
    const graph = new ExecutionGraph().addNode(new GraphNode('root', echo('root')));
    for (let i = 0; i < 8; i++) {
      graph.addNode(
        new GraphNode(
          `w${i}`,
          operator(`w${i}`, () => probe.track(flush)),
        ),
      );
      graph.addEdge(new GraphEdge('root', `w${i}`));
    }
    await new GraphExecutor(graph, { maxParallel: 3 }).execute({ text: '' }, rootContext(big));
    expect(probe.max).toBe(3);
  });

  it('waits for every predecessor before running a node', async () => {
    const order: string[] = [];
    const slow = operator('slow', async () => {
      for (let i = 0; i < 5; i++) await flush();
      order.push('slow');
    });
    const fast = operator('fast', () => order.push('fast'));
    const join = operator('join', () => order.push('join'));
    const graph = new ExecutionGraph()
      .addNode(new GraphNode('slow', slow))
      .addNode(new GraphNode('fast', fast))
      .addNode(new GraphNode('join', join))
      .addEdge(new GraphEdge('slow', 'join'))
      .addEdge(new GraphEdge('fast', 'join'));
    await new GraphExecutor(graph).execute({}, rootContext());
    expect(order).toEqual(['fast', 'slow', 'join']);
  });

  it('a failed node skips its dependents, transitively; independent branches still run', async () => {
    const graph = new ExecutionGraph()
      .addNode(new GraphNode('a', echo('a')))
      .addNode(
        new GraphNode(
          'bad',
          operator('bad', () => {
            throw new Error('bad node');
          }),
        ),
      )
      .addNode(new GraphNode('after-bad', echo('x')))
      .addNode(new GraphNode('after-after', echo('y')))
      .addNode(new GraphNode('ok', echo('ok')))
      .addEdge(new GraphEdge('a', 'bad'))
      .addEdge(new GraphEdge('bad', 'after-bad'))
      .addEdge(new GraphEdge('after-bad', 'after-after'))
      .addEdge(new GraphEdge('a', 'ok'));
    const executor = new GraphExecutor(graph);
    const results = await executor.execute({ text: 't' }, rootContext());
    expect(Object.fromEntries([...results].map(([id, r]) => [id, [r.status, r.skipReason]]))).toEqual({
      a: ['succeeded', undefined],
      bad: ['failed', undefined],
      'after-bad': ['skipped', 'dependency_failed'],
      'after-after': ['skipped', 'dependency_failed'],
      ok: ['succeeded', undefined],
    });
    expect(results.get('bad')?.result?.error?.message).toBe('bad node');
    expect(executor.getFinalContent()).toBe('ok(a(t))');
  });

  it('follows only edges whose condition holds', async () => {
    const graph = new ExecutionGraph()
      .addNode(
        new GraphNode(
          'classify',
          operator('classify', () => 'billing'),
        ),
      )
      .addNode(new GraphNode('billing', echo('billing')))
      .addNode(new GraphNode('tech', echo('tech')))
      .addNode(new GraphNode('reply', echo('reply')))
      .addEdge(new GraphEdge('classify', 'billing', { condition: (r) => r.content === 'billing' }))
      .addEdge(new GraphEdge('classify', 'tech', { condition: (r) => r.content === 'tech' }))
      .addEdge(new GraphEdge('billing', 'reply'))
      .addEdge(new GraphEdge('tech', 'reply'));
    const executor = new GraphExecutor(graph);
    const results = await executor.execute({}, rootContext());
    expect(results.get('tech')).toMatchObject({ status: 'skipped', skipReason: 'condition_not_met' });
    expect(results.get('reply')?.status).toBe('succeeded');
    expect(executor.getFinalContent()).toBe('reply(billing(billing))');
  });

  it('a throwing condition fails the target node', async () => {
    const graph = new ExecutionGraph()
      .addNode(new GraphNode('a', echo('a')))
      .addNode(new GraphNode('b', echo('b')))
      .addEdge(
        new GraphEdge('a', 'b', {
          condition: () => {
            throw new Error('bad condition');
          },
        }),
      );
    const results = await new GraphExecutor(graph).execute({}, rootContext());
    expect(results.get('b')).toMatchObject({
      status: 'failed',
      result: { error: { message: 'bad condition' } },
    });
  });

  it('lets a node build its own input from its predecessors', async () => {
    const graph = new ExecutionGraph()
      .addNode(
        new GraphNode(
          'a',
          operator('a', () => 2),
        ),
      )
      .addNode(
        new GraphNode(
          'b',
          operator('b', (input) => input.n),
          {
            input: (graphInput, preds) => ({
              n: (preds.get('a')?.content as number) * (graphInput.k as number),
            }),
          },
        ),
      )
      .addEdge(new GraphEdge('a', 'b'));
    const executor = new GraphExecutor(graph);
    await executor.execute({ k: 21 }, rootContext());
    expect(executor.getFinalContent()).toBe(42);
  });

  it('records a node refused by an orchestration limit as failed', async () => {
    const results = await new GraphExecutor(referenceGraph()).execute(
      { text: 't' },
      rootContext({ config: { maxChildJobs: 2 } }),
    );
    expect(Object.fromEntries([...results].map(([id, r]) => [id, r.status]))).toEqual({
      planner: 'succeeded',
      exec1: 'succeeded',
      exec2: 'failed',
      synth: 'skipped',
    });
    expect(results.get('exec2')?.result?.error?.code).toBe('ORCHESTRATION_LIMIT');
  });
});

describe('ExecutionGraph validation', () => {
  const expectProblem = async (graph: ExecutionGraph, problem: string, nodeIds: string[]) => {
    let ran = false;
    for (const node of graph.nodes) {
      Object.defineProperty(node.operator, 'execute', {
        value: async () => {
          ran = true;
        },
      });
    }
    const error = await new GraphExecutor(graph).execute({}, rootContext()).catch((e: unknown) => e);
    expect(GraphValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ problem, nodeIds, code: 'GRAPH_INVALID' });
    expect(ran).toBe(false);
  };

  it('refuses an empty graph', () => expectProblem(new ExecutionGraph(), 'empty', []));

  it('refuses edges to unknown nodes', () =>
    expectProblem(
      new ExecutionGraph().addNode(new GraphNode('a', echo('a'))).addEdge(new GraphEdge('a', 'ghost')),
      'unknown_node',
      ['ghost'],
    ));

  it('refuses cycles', () =>
    expectProblem(
      new ExecutionGraph()
        .addNode(new GraphNode('start', echo('s')))
        .addNode(new GraphNode('a', echo('a')))
        .addNode(new GraphNode('b', echo('b')))
        .addEdge(new GraphEdge('start', 'a'))
        .addEdge(new GraphEdge('a', 'b'))
        .addEdge(new GraphEdge('b', 'a')),
      'cycle',
      ['a', 'b'],
    ));

  it('refuses nodes the entry nodes do not reach', () =>
    expectProblem(
      new ExecutionGraph()
        .addNode(new GraphNode('a', echo('a')))
        .addNode(new GraphNode('b', echo('b')))
        .addNode(new GraphNode('island', echo('i')))
        .addEdge(new GraphEdge('a', 'b'))
        .setEntry('a'),
      'unreachable',
      ['island'],
    ));

  it('refuses an unknown entry node', () =>
    expectProblem(
      new ExecutionGraph().addNode(new GraphNode('a', echo('a'))).setEntry('nope'),
      'unknown_node',
      ['nope'],
    ));

  it('refuses a duplicate node id at once, and malformed nodes and edges', () => {
    const graph = new ExecutionGraph().addNode(new GraphNode('a', echo('a')));
    expect(() => graph.addNode(new GraphNode('a', echo('b')))).toThrow(GraphValidationError);
    expect(graph.nodes).toHaveLength(1);
    expect(() => new GraphNode('', echo('a'))).toThrow(expect.objectContaining({ field: 'node.nodeId' }));
    expect(() => new GraphEdge('a', '')).toThrow(expect.objectContaining({ field: 'edge.target' }));
    expect(() => graph.addNode({} as GraphNode)).toThrow(ValidationError);
    expect(() => new GraphExecutor(graph, { maxParallel: 0 })).toThrow(ValidationError);
  });
});
