import type { z } from 'zod';
import type { ExecutionContext } from '../context/execution-context';
import type { JsonValue } from '../json';
import type { MoneyInput } from '../money';
import type { ArtifactSpec, ToolArtifact } from './tool-artifact';

/** What a tool asks a human for. The job id is implied by the tool's job. */
export interface ToolActionSpec {
  /** One of the ActionType values (`confirm`, `approval`, …) or a custom string. */
  type: string;
  payload?: Record<string, unknown>;
  timeoutSeconds?: number;
  metadata?: Record<string, unknown>;
}

/** The view of a resolved action that a tool receives (an ActionRecord satisfies it). */
export interface ResolvedAction {
  readonly actionId: string;
  readonly jobId: string;
  readonly type: string;
  readonly status: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly resolution?: Readonly<Record<string, unknown>>;
}

/** Everything a tool's `execute` gets besides its input. */
export interface ToolContext {
  readonly context: ExecutionContext;
  readonly jobId: string;
  readonly toolCallId: string;
  /**
   * Set by the kernel to `<jobId>:<toolCallId>`: the same on every run of this call, also when a crash makes an `idempotent` tool
   * run again; hand it to the downstream API so it can deduplicate.
   */
  readonly idempotencyKey?: string;
  /** Aborted when the job is cancelled or times out: pass it to fetch and friends. */
  readonly signal: AbortSignal;
  /**
   * Creates an action, moves the job to `waiting_action`, waits for its resolution (signal channel, not
   * polling), moves the job back to `running` and returns the resolved action. Throws ActionExpiredError or
   * ActionCancelledError when it is not resolved. When a resumed job runs the tool again, its calls return the
   * actions recorded for this tool call, in order, instead of asking again: code before `requireAction` must
   * be safe to run twice.
   */
  requireAction(spec: ToolActionSpec): Promise<ResolvedAction>;
  /**
   * Stores an artifact with the job, publishes `artifact.created` and adds it to the job's `result.artifacts`.
   * Throws ValidationError naming the field (`artifact.uri`) for bad input.
   */
  createArtifact(spec: ArtifactSpec): Promise<ToolArtifact>;
  /**
   * Changes some fields of one of this job's artifacts (metadata is merged), bumps its `version` and publishes
   * `artifact.updated`; NotFoundError for an artifact of another job.
   */
  updateArtifact(artifactId: string, patch: Partial<ArtifactSpec>): Promise<ToolArtifact>;
  /** Set when this call re-runs a tool after the ActionRequiredError it threw was resolved. */
  readonly resolvedAction?: ResolvedAction;
}

/**
 * A tool the agent can call. Its input is validated with `inputSchema` before `execute` runs. `RuntimeTool[]`
 * holds tools of any input type: `execute` is a method, so its parameter is checked bivariantly.
 */
export interface RuntimeTool<Input = unknown, Output = unknown> {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: z.ZodType<Input>;
  /**
   * JSON facts about where the tool comes from (`{ mcpServer: 'files', annotations: { readOnlyHint: true } }`);
   * the kernel carries them on the call's `tool.start`, `tool.end` and `tool.error` events as `toolMetadata`.
   */
  readonly metadata?: Readonly<Record<string, JsonValue>>;
  /** The declared dollar cost of one call, reserved under hard cost limits before it runs. */
  readonly cost?: MoneyInput;
  /** Re-run after a crash interrupted a call (see `defineTool`). */
  readonly idempotent?: boolean;
  execute(input: Input, toolContext: ToolContext): Promise<Output> | Output;
}
