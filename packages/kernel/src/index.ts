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
  InvalidTransitionError,
  isFinalEvent,
  type JsonValue,
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
} from '@agent-runtime/events';
// @agent-runtime/jobs
export {
  IdempotencyConflictError,
  InMemoryJobStore,
  isActiveStatus,
  isTerminalStatus,
  type JobFilter,
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
export { ExecutionHandle } from './execution-handle';
export { type ExecutionRequest, executionRequestSchema } from './execution-request';
export type { ExecutionArtifact, ExecutionResult, ExecutionUsage } from './execution-result';
export type { RuntimeKernelCreateOptions, RuntimeKernelOptions } from './kernel-options';
export { KernelShutdownError } from './kernel-shutdown-error';
export { RuntimeKernel } from './runtime-kernel';
export { type ScopedExecutionRequest, ScopedKernel } from './scoped-kernel';
export {
  type TokenEstimateInput,
  type TokenEstimator,
  type ToolDescription,
  utf8ByteTokenEstimator,
} from './token-estimator';
