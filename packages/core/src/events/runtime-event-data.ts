import type { TokenUsage } from '../agent/token-usage';
import type { SerializedError } from '../errors/agent-runtime-error';

/** `artifact.created` / `artifact.updated`: the artifact as stored after the change. */
export type ArtifactEventData = {
  artifactId: string;
  name: string;
  mimeType?: string;
  content?: unknown;
  uri?: string;
  metadata?: Record<string, unknown>;
  version?: number;
};

/**
 * The `data` each event type carries when the runtime publishes it. Exporters, tracing and replay read these
 * shapes; producers type their payloads with them (`satisfies RuntimeEventData<'tool.end'>`).
 */
export interface RuntimeEventDataMap {
  progress: { progress: number; turn?: number; message?: string };
  'model.token': { step: number; delta: string };
  'model.reasoning': { step: number; delta: string };
  'model.done': {
    step: number;
    provider: string;
    model: string;
    text: string;
    reasoning?: string;
    toolCalls: { toolCallId: string; toolName: string; input: unknown }[];
    finishReason: string;
    usage: TokenUsage;
    cost: string;
    durationMs: number;
  };
  'tool.start': {
    step: number;
    toolCallId: string;
    toolName: string;
    input?: unknown;
    /** The tool's `metadata` (where it comes from, e.g. its MCP server). */
    toolMetadata?: Record<string, unknown>;
    /** Why policy let the call run with a warning (a `warn` rule matched it). */
    policyWarning?: string;
  };
  'tool.end': {
    step: number;
    toolCallId: string;
    toolName: string;
    output?: unknown;
    durationMs: number;
    toolMetadata?: Record<string, unknown>;
  };
  'tool.error': {
    step: number;
    toolCallId: string;
    toolName: string;
    error: SerializedError;
    toolMetadata?: Record<string, unknown>;
    /** True when policy refused the call before it ran. */
    denied?: boolean;
  };
  'action.required': {
    actionId: string;
    actionType: string;
    payload: Record<string, unknown>;
    expiresAt?: number;
    toolCallId?: string;
    /**
     * For in-process consumers only (the UI backend that asks the human, `handle.events()`): exporters and
     * subscribers without `includeSecrets` see `[redacted]`.
     */
    resumeToken: string;
  };
  'action.resolved': {
    actionId: string;
    actionType: string;
    resolution: Record<string, unknown>;
    /** The authenticated approver, when resolved by id (`resolveAction`) rather than by resume token. */
    resolvedBy?: string;
  };
  'action.expired': { actionId: string; actionType: string };
  'action.cancelled': { actionId: string; actionType: string; reason?: string };
  'artifact.created': ArtifactEventData;
  'artifact.updated': ArtifactEventData;
  'job.started': { prompt?: string; provider?: string; model?: string };
  'job.status_changed': { from: string; to: string };
  'job.completed': { resultRef?: string };
  'job.failed': { error: SerializedError };
  'job.cancelled': { reason?: string };
  'final.result': {
    content: string;
    usage: TokenUsage & { totalCost: string };
    turns: number;
  };
  'final.error': { status: string; error: SerializedError };
}

export type RuntimeEventData<T extends keyof RuntimeEventDataMap> = RuntimeEventDataMap[T];

/**
 * A type with its data, as a union over every type (or over `T`): what a producer hands over to be stamped
 * into an event, `{ type: 'job.cancelled', data: { reason } }`.
 */
export type RuntimeEventContent<T extends keyof RuntimeEventDataMap = keyof RuntimeEventDataMap> = {
  [K in T]: { type: K; data: RuntimeEventDataMap[K] };
}[T];
