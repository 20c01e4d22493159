import type { RequestContext } from '../context/request-context';
import type { JsonValue } from '../json';
import type { RuntimeTool } from '../tools/runtime-tool';
import type { TokenUsage } from './token-usage';

/** Which model a driver calls: checked by ModelPolicy and recorded in the ledger. */
export interface ModelInfo {
  readonly provider: string;
  readonly modelId: string;
}

export interface AgentToolCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
}

/** What the kernel's tool gate returns: a result, or an error text the model is told. */
export type ToolOutcome = { type: 'result'; output: unknown } | { type: 'error'; error: string };

/**
 * The agent loop's state after a completed model step: serializable (JSON), so a store can keep it and a
 * later `run({ resumeFrom })` can continue without re-calling the model for finished steps.
 * `messages` are in the Layer 0 message format (AI SDK ModelMessage JSON).
 */
export interface AgentState {
  readonly step: number;
  readonly messages: readonly JsonValue[];
  readonly usage: TokenUsage;
  /** Tool calls of the last step that have not produced results yet. */
  readonly pendingToolCalls?: readonly AgentToolCall[];
}

/**
 * What the kernel decides before each model step: `degrade` switches the driver to its cheaper model; `tools`
 * replaces the offered tools; `maxOutputTokens` caps the step's output (the driver passes it to the model call), so the step's usage
 * stays within the budget headroom the kernel reserved for it.
 */
export interface StepPlan {
  degrade?: boolean;
  /** The tools offered from this step on, when they changed since the run started (a plugin refreshed its list). */
  tools?: readonly RuntimeTool[];
  maxOutputTokens?: number;
}

/** What a driver tells `beforeStep`: the step about to run and everything it will send the model. */
export interface StepInfo {
  readonly step: number;
  /** The loop state before the step; `messages` are what the step sends. */
  readonly state: AgentState;
  /** The system instructions the step sends besides the messages, if any. */
  readonly instructions?: string;
}

export interface AgentRunRequest {
  readonly prompt: string;
  readonly context: RequestContext;
  readonly signal: AbortSignal;
  /** Tool definitions offered to the model. */
  readonly tools: readonly RuntimeTool[];
  /** The kernel's gate (policy, approval, budget, ledger, events, then the tool itself). */
  executeTool(call: AgentToolCall, signal: AbortSignal): Promise<ToolOutcome>;
  /** Called before every model step; throws to stop the run (budget, cancellation). */
  beforeStep?(info: StepInfo): Promise<StepPlan | undefined>;
  /** Continue from a saved state instead of starting from the prompt. */
  readonly resumeFrom?: AgentState;
  /** Most model steps of this run (the kernel passes the job's `maxTurns`). */
  readonly maxSteps?: number;
}

export type AgentStreamPart =
  | { type: 'step-start'; step: number; model: ModelInfo }
  | { type: 'text-delta'; step: number; delta: string }
  | { type: 'reasoning-delta'; step: number; delta: string }
  | ({ type: 'tool-call'; step: number } & AgentToolCall)
  | {
      type: 'tool-result';
      step: number;
      toolCallId: string;
      toolName: string;
      output: unknown;
      isError: boolean;
    }
  | {
      type: 'step-finish';
      step: number;
      model: ModelInfo;
      text: string;
      reasoning?: string;
      toolCalls: AgentToolCall[];
      finishReason: string;
      usage: TokenUsage;
      /** Cost reported by the provider in dollars, when it reports one. */
      providerCost?: string;
      durationMs: number;
      state: AgentState;
    }
  | {
      type: 'finish';
      text: string;
      usage: TokenUsage;
      steps: number;
      state: AgentState;
      /**
       * True when the run ended because it reached its step limit (`maxSteps`) while the model was still calling
       * tools, so `text` is not a final answer.
       */
      stoppedAtStepLimit?: boolean;
    };

/**
 * The Layer 0 port: runs a prompt with tools under a context and an AbortSignal, streaming text and
 * reasoning deltas, tool calls and results, and per-step usage. It throws (rejects the iteration) on a
 * model error or abort. `@agent-runtime/ai-sdk` implements it on the Vercel AI SDK.
 */
export interface AgentDriver {
  readonly model: ModelInfo;
  /** The model used when the kernel degrades (budget `exceedStrategy: 'degrade'`), if any. */
  readonly degradedModel?: ModelInfo;
  /** Tools the driver was configured with; the kernel offers them (through its gate) with its own. */
  readonly tools?: readonly RuntimeTool[];
  run(request: AgentRunRequest): AsyncIterable<AgentStreamPart>;
}
