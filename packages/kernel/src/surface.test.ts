import * as events from '@agent-runtime/events';
import * as orchestration from '@agent-runtime/orchestration';
import { expect, it } from 'vitest';
import * as kernel from './index';

it('re-exports the SSE and webhook adapters and the orchestration entry points', () => {
  for (const name of ['SSEEventAdapter', 'WebhookEventAdapter', 'WebhookDeliveryError'] as const)
    expect(kernel[name]).toBe(events[name]);
  const patterns = [
    'AgentOperator',
    'AgentRole',
    'ChainOperator',
    'ParallelOperator',
    'MapReduceOperator',
    'PlannerExecutorOperator',
    'DebateOperator',
    'DefaultRouter',
    'ExecutionGraph',
    'GraphNode',
    'GraphEdge',
    'GraphExecutor',
    'OperatorContext',
    'OrchestrationLimitError',
  ] as const;
  for (const name of patterns) expect(kernel[name]).toBe(orchestration[name]);
});
