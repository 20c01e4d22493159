import * as events from '@agent-runtime/events';
import * as orchestration from '@agent-runtime/orchestration';
import { expect, it } from 'vitest';
import * as kernel from './index';

it('re-exports the SSE and webhook adapters and the orchestration entry points', () => {
  expect(kernel.SSEEventAdapter).toBe(events.SSEEventAdapter);
  expect(kernel.WebhookEventAdapter).toBe(events.WebhookEventAdapter);
  expect(kernel.WebhookDeliveryError).toBe(events.WebhookDeliveryError);
  expect([
    kernel.AgentOperator,
    kernel.AgentRole,
    kernel.ChainOperator,
    kernel.ParallelOperator,
    kernel.MapReduceOperator,
    kernel.PlannerExecutorOperator,
    kernel.DebateOperator,
    kernel.DefaultRouter,
    kernel.ExecutionGraph,
    kernel.GraphNode,
    kernel.GraphEdge,
    kernel.GraphExecutor,
    kernel.OperatorContext,
    kernel.OrchestrationLimitError,
  ]).toEqual([
    orchestration.AgentOperator,
    orchestration.AgentRole,
    orchestration.ChainOperator,
    orchestration.ParallelOperator,
    orchestration.MapReduceOperator,
    orchestration.PlannerExecutorOperator,
    orchestration.DebateOperator,
    orchestration.DefaultRouter,
    orchestration.ExecutionGraph,
    orchestration.GraphNode,
    orchestration.GraphEdge,
    orchestration.GraphExecutor,
    orchestration.OperatorContext,
    orchestration.OrchestrationLimitError,
  ]);
});
