export type {
  AgentDriver,
  AgentRunRequest,
  AgentState,
  AgentStreamPart,
  AgentToolCall,
  ModelInfo,
  StepInfo,
  StepPlan,
  ToolOutcome,
} from './agent/agent-driver';
export { addUsage, type TokenUsage, ZERO_USAGE } from './agent/token-usage';
export { canonicalJson, sha256, stableHash } from './canonical-json';
export {
  type BudgetSpec,
  type BudgetSpecInput,
  type BudgetSpecJSON,
  budgetSpec,
  budgetSpecSchema,
  budgetSpecToJSON,
} from './context/budget-spec';
export { CancellationToken } from './context/cancellation-token';
export {
  ExecutionContext,
  type ExecutionContextInit,
  type ExecutionContextJSON,
} from './context/execution-context';
export type { ExecutionRequest } from './context/execution-request';
export { type PolicyRef, policyRef, policyRefSchema } from './context/policy-ref';
export type { RequestContext } from './context/request-context';
export {
  type RunVersions,
  type RunVersionsInput,
  runVersions,
  runVersionsSchema,
} from './context/run-versions';
export { toW3CSpanId, toW3CTraceId, traceparentOf } from './context/w3c-trace-ids';
export * from './errors/index';
export {
  type EventBus,
  type EventFilter,
  type EventHandler,
  type EventSubscription,
  matchesFilter,
  type SubscribeOptions,
} from './events/event-bus';
export { ExportLosses } from './events/export-losses';
export { type FinalEvent, isFinalEvent } from './events/final-event';
export { type JobEventIdentity, jobLifecycleEvent } from './events/job-lifecycle-event';
export { REDACTED, redactForExport } from './events/redact';
export {
  type AnyRuntimeEvent,
  asAnyRuntimeEvent,
  RuntimeEvent,
  type RuntimeEventEnvelope,
  type RuntimeEventInit,
  type RuntimeEventJSON,
  type RuntimeEventPatch,
} from './events/runtime-event';
export type {
  ArtifactEventData,
  RuntimeEventContent,
  RuntimeEventData,
  RuntimeEventDataMap,
} from './events/runtime-event-data';
export {
  type EventCategory,
  eventCategory,
  isRuntimeEventType,
  RUNTIME_EVENT_TYPES,
  RuntimeEventType,
} from './events/runtime-event-type';
export { deepFreeze, frozenCopy } from './frozen-copy';
export { newId, newSpanId, newTraceId, SPAN_ID_PATTERN, TRACE_ID_PATTERN } from './ids';
export { functionSchema, implementing } from './input/implementing';
export { INPUT_LIMITS, toStorableText } from './input/input-limits';
export { type JsonLimits, jsonObjectSchema, jsonValueSchema } from './input/json-value-schema';
export { parsePatch } from './input/parse-patch';
export {
  isNonEmptyString,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isPositiveInteger,
  isStorableId,
  isStorableText,
  isUndefined,
  orUndefined,
} from './input/quick-checks';
export { idSchema, textSchema } from './input/text-schemas';
export type { JsonObject, JsonPrimitive, JsonValue } from './json';
export { Decimal, MONEY_LIMITS, type MoneyInput, moneySchema, toDecimal } from './money';
export { retryOnConflict } from './retry-on-conflict';
export type { Clock } from './time/clock';
export { MAX_TIMER_MS, systemClock } from './time/clock';
export { clockSchema } from './time/clock-schema';
export { ManualClock } from './time/manual-clock';
export { defineTool, type ToolDefinition } from './tools/define-tool';
export type { ResolvedAction, RuntimeTool, ToolActionSpec, ToolContext } from './tools/runtime-tool';
export { runtimeToolSchema } from './tools/runtime-tool-schema';
export type { ArtifactSpec, ToolArtifact } from './tools/tool-artifact';
export { parseInput, withQuickCheck, withQuickFields } from './validation';
export { withoutUndefined } from './without-undefined';
