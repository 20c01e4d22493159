// The kernel

// @agent-runtime/actions
export {
  type ActionFilter,
  ActionManager,
  type ActionManagerOptions,
  ActionRecord,
  type ActionRecordJSON,
  type ActionSpec,
  ActionStatus,
  type ActionStore,
  ActionType,
  InMemoryActionStore,
  InMemorySignalChannel,
  InvalidResumeTokenError,
  ResumeTokenUsedError,
  type SignalChannel,
  type SignalMessage,
} from '@agent-runtime/actions';
// @agent-runtime/core
export {
  ActionCancelledError,
  ActionExpiredError,
  ActionRequiredError,
  type AgentDriver,
  type AgentRunRequest,
  AgentRuntimeError,
  type AgentState,
  type AgentStreamPart,
  type AgentToolCall,
  type AnyRuntimeEvent,
  addUsage,
  BudgetExceededError,
  type BudgetSpec,
  type BudgetSpecInput,
  budgetSpec,
  CancellationToken,
  CancelledError,
  type Clock,
  ConcurrentModificationError,
  Decimal,
  defineTool,
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  ExecutionContext,
  type ExecutionContextInit,
  type ExecutionRequest,
  type FinalEvent,
  InvalidTransitionError,
  isFinalEvent,
  JobRecoveryError,
  type JsonValue,
  LeaseLostError,
  ManualClock,
  type ModelInfo,
  type MoneyInput,
  matchesFilter,
  NotFoundError,
  PolicyDenied,
  type PolicyRef,
  policyRef,
  REDACTED,
  ReplayValidationError,
  type RequestContext,
  type ResolvedAction,
  RuntimeEvent,
  type RuntimeEventContent,
  type RuntimeEventData,
  type RuntimeEventDataMap,
  RuntimeEventType,
  RuntimeTimeoutError,
  type RuntimeTool,
  type RunVersions,
  redactForExport,
  runVersions,
  type SerializedError,
  serializeError,
  systemClock,
  type TokenUsage,
  type ToolActionSpec,
  type ToolContext,
  type ToolDefinition,
  ToolExecutionError,
  ToolInterruptedError,
  ValidationError,
  ZERO_USAGE,
} from '@agent-runtime/core';
// @agent-runtime/events
export {
  EventBusClosedError,
  type EventLog,
  type EventLogFollowOptions,
  type EventLogPruneOptions,
  type EventLogReadOptions,
  type EventStream,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
  InMemoryEventLog,
  OverflowPolicy,
  type SSEConnectionOptions,
  SSEEventAdapter,
  type SSEEventAdapterOptions,
  WebhookDeliveryError,
  WebhookEventAdapter,
  type WebhookEventAdapterOptions,
} from '@agent-runtime/events';
// @agent-runtime/jobs
export {
  IdempotencyConflictError,
  InMemoryJobStore,
  isActiveStatus,
  isTerminalStatus,
  type JobFilter,
  type JobLease,
  JobManager,
  type JobManagerOptions,
  JobRecord,
  type JobRecordJSON,
  type JobSpec,
  type JobStartOptions,
  JobStatus,
  type JobStore,
} from '@agent-runtime/jobs';
// @agent-runtime/ledger
export {
  type Budget,
  BudgetDecision,
  InMemoryLedgerWriter,
  Ledger,
  LedgerEvent,
  LedgerEventType,
  type LedgerOptions,
  type LedgerWriter,
  type Reservation,
  type UsageRecord,
} from '@agent-runtime/ledger';
// @agent-runtime/orchestration
export {
  AgentOperator,
  type AgentOperatorOptions,
  AgentRole,
  ChainOperator,
  DebateOperator,
  DefaultRouter,
  ExecutionGraph,
  GraphEdge,
  GraphExecutor,
  GraphNode,
  MapReduceOperator,
  type Operator,
  OperatorContext,
  type OperatorInput,
  type OperatorResult,
  type OrchestrationConfig,
  OrchestrationLimitError,
  ParallelOperator,
  PlannerExecutorOperator,
  type RoutingRule,
} from '@agent-runtime/orchestration';
// @agent-runtime/plugins
export {
  type Plugin,
  type PluginCapability,
  PluginDependencyError,
  PluginInitializationError,
  type PluginManifest,
  PluginRegistry,
  PluginType,
} from '@agent-runtime/plugins';
// @agent-runtime/policy
export {
  ConstraintPolicy,
  type ConstraintPolicyOptions,
  ModelPolicy,
  type ModelPolicyOptions,
  type PolicyContext,
  PolicyDecision,
  PolicyEngine,
  type PolicyEngineOptions,
  type PolicyResult,
  type PolicyRule,
  ToolPolicy,
  type ToolPolicyOptions,
} from '@agent-runtime/policy';
export { ExecutionHandle } from './execution/execution-handle';
export { executionRequestSchema } from './execution/execution-request';
export type { ExecutionArtifact, ExecutionResult, ExecutionUsage } from './execution/execution-result';
export { JobOutcomeNotStoredError } from './job-outcome-not-stored-error';
export type { RuntimeKernelCreateOptions, RuntimeKernelOptions } from './kernel-options';
export { KernelShutdownError } from './kernel-shutdown-error';
export type { OperatorExecution, OperatorJobResult, OperatorRequest } from './operator/operator-execution';
export { RuntimeKernel } from './runtime-kernel';
export { type ScopedExecutionRequest, ScopedKernel } from './scoped-kernel';
export { oneStepDriver } from './testing/one-step-driver';
export {
  type TokenEstimateInput,
  type TokenEstimator,
  type ToolDescription,
  utf8ByteTokenEstimator,
} from './token-estimator';
export type { SubmitRequest, SubmitResult } from './worker/submit-request';
export { Worker } from './worker/worker';
export type { WorkerOptions, WorkerStopOptions } from './worker/worker-options';
