// The kernel
export { ExecutionHandle } from './execution-handle';
export { type ExecutionRequest, executionRequestSchema } from './execution-request';
export type { ExecutionArtifact, ExecutionResult, ExecutionUsage } from './execution-result';
export type { RuntimeKernelCreateOptions, RuntimeKernelOptions } from './kernel-options';
export { KernelShutdownError } from './kernel-shutdown-error';
export { RuntimeKernel } from './runtime-kernel';

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
  type BudgetSpec,
  type BudgetSpecInput,
  BudgetExceededError,
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
  type JsonValue,
  ManualClock,
  type ModelInfo,
  type MoneyInput,
  matchesFilter,
  NotFoundError,
  type PolicyRef,
  PolicyDenied,
  policyRef,
  REDACTED,
  type RequestContext,
  ReplayValidationError,
  type ResolvedAction,
  RuntimeEvent,
  type RuntimeEventData,
  type RuntimeEventDataMap,
  RuntimeEventType,
  type RunVersions,
  RuntimeTimeoutError,
  type RuntimeTool,
  redactForExport,
  runVersions,
  type SerializedError,
  serializeError,
  systemClock,
  type TokenUsage,
  type ToolActionSpec,
  type ToolContext,
  type ToolDefinition,
  ValidationError,
} from '@agent-runtime/core';

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
  JobStatus,
  type JobStore,
} from '@agent-runtime/jobs';

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

// @agent-runtime/events
export {
  EventBusClosedError,
  type EventStream,
  InMemoryEventBus,
  type InMemoryEventBusOptions,
  OverflowPolicy,
} from '@agent-runtime/events';
