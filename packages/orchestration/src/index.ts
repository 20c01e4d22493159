export { AGENT_ROLES, AgentRole } from './context/agent-role';
export type { ChildJobManager } from './context/child-job';
export { contentText } from './context/content-text';
export type { Operator, OperatorInput } from './context/operator-context';
export {
  allowAllTools,
  type ChildRunOptions,
  OperatorContext,
  type OperatorContextOptions,
  type StepGate,
  type ToolGate,
  type ToolServices,
  type ToolTurn,
} from './context/operator-context';
export {
  failed,
  failedBecause,
  type OperatorResult,
  type OperatorUsage,
  succeeded,
} from './context/operator-result';
export {
  type OrchestrationConfig,
  type OrchestrationConfigInput,
  orchestrationConfig,
  orchestrationConfigSchema,
} from './context/orchestration-config';
export { OrchestrationLimitError } from './context/orchestration-limit-error';
export { mapWithConcurrency, Semaphore } from './context/semaphore';
export {
  type GatedAgent,
  type GatedStep,
  openSteps,
  type StepHold,
} from './context/step-gate';
export type { RemainingBudget } from './context/usage-account';
export type { ChildUsage, ModelUsageInfo, UsageRecorder } from './context/usage-recorder';
export { ExecutionGraph } from './graph/execution-graph';
export { type EdgeCondition, GraphEdge, type GraphEdgeOptions } from './graph/graph-edge';
export { GraphExecutor, type GraphExecutorOptions } from './graph/graph-executor';
export { GraphNode, type GraphNodeOptions, type NodeInputBuilder } from './graph/graph-node';
export { type GraphProblem, GraphValidationError } from './graph/graph-validation-error';
export { type NodeResult, NodeStatus, type SkipReason } from './graph/node-result';
export { AgentOperator, type AgentOperatorOptions } from './patterns/agent-operator';
export { ChainOperator, type ChainOptions } from './patterns/chain-operator';
export { positionOf, samePosition } from './patterns/consensus';
export {
  type ConsensusTest,
  DebateOperator,
  type DebateOptions,
  type DebateTurn,
} from './patterns/debate-operator';
export { MalformedPlanError } from './patterns/malformed-plan-error';
export { MapReduceOperator, type MapReduceOptions } from './patterns/map-reduce-operator';
export { ParallelFailureError } from './patterns/parallel-failure-error';
export {
  type Aggregator,
  joinContents,
  ParallelOperator,
  type ParallelOptions,
} from './patterns/parallel-operator';
export { type ParsedPlan, parsePlan, planSchema, type Subtask } from './patterns/plan';
export { PlannerExecutorOperator, type PlannerExecutorOptions } from './patterns/planner-executor-operator';
export { type PromptTemplate, renderPrompt } from './patterns/prompt-template';
export { DefaultRouter, type DefaultRouterOptions, type RoutingRule } from './routing/default-router';
export type { Router, RoutingDecision } from './routing/router';
export type { ToolEventFields } from './tools/tool-call';
export { failedToolOutcome, findTool, parseToolInput, toolEventFields } from './tools/tool-call';
export { type ToolRuntime, withoutKernel } from './tools/tool-services';
