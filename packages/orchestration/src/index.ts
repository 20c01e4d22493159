export { AgentOperator, type AgentOperatorOptions } from './agent-operator';
export { AGENT_ROLES, AgentRole } from './agent-role';
export { ChainOperator, type ChainOptions } from './chain-operator';
export type { ChildJobManager } from './child-job';
export { positionOf, samePosition } from './consensus';
export { contentText } from './content-text';
export { type ConsensusTest, DebateOperator, type DebateOptions, type DebateTurn } from './debate-operator';
export { DefaultRouter, type DefaultRouterOptions, type RoutingRule } from './default-router';
export { ExecutionGraph } from './execution-graph';
export { type EdgeCondition, GraphEdge, type GraphEdgeOptions } from './graph-edge';
export { GraphExecutor, type GraphExecutorOptions } from './graph-executor';
export { GraphNode, type GraphNodeOptions, type NodeInputBuilder } from './graph-node';
export { type GraphProblem, GraphValidationError } from './graph-validation-error';
export { MalformedPlanError } from './malformed-plan-error';
export { MapReduceOperator, type MapReduceOptions } from './map-reduce-operator';
export { type NodeResult, NodeStatus, type SkipReason } from './node-result';
export type { Operator, OperatorInput } from './operator-context';
export {
  allowAllTools,
  type ChildRunOptions,
  OperatorContext,
  type OperatorContextOptions,
  type ToolGate,
  type ToolTurn,
} from './operator-context';
export { failed, failedBecause, type OperatorResult, type OperatorUsage, succeeded } from './operator-result';
export {
  type OrchestrationConfig,
  type OrchestrationConfigInput,
  orchestrationConfig,
  orchestrationConfigSchema,
} from './orchestration-config';
export { OrchestrationLimitError } from './orchestration-limit-error';
export { ParallelFailureError } from './parallel-failure-error';
export { type Aggregator, joinContents, ParallelOperator, type ParallelOptions } from './parallel-operator';
export { type ParsedPlan, parsePlan, planSchema, type Subtask } from './plan';
export { PlannerExecutorOperator, type PlannerExecutorOptions } from './planner-executor-operator';
export { type PromptTemplate, renderPrompt } from './prompt-template';
export type { Router, RoutingDecision } from './router';
export { mapWithConcurrency, Semaphore } from './semaphore';
export { type GatedAgent, type GatedStep, openSteps, type StepGate, type StepHold } from './step-gate';
export type { ToolEventFields } from './tool-call';
export { failedToolOutcome, findTool, parseToolInput, toolEventFields } from './tool-call';
export { type ToolRuntime, type ToolServices, withoutKernel } from './tool-services';
export type { RemainingBudget } from './usage-account';
export type { ChildUsage, ModelUsageInfo, UsageRecorder } from './usage-recorder';
