import type { JsonValue, ModelInfo } from '@agent-runtime/core';

/** A tool as the model sees it: name, description and the JSON Schema of its input. */
export interface ToolDescription {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonValue;
}

/** Everything one model step sends: what a TokenEstimator sizes. */
export interface TokenEstimateInput {
  readonly model: ModelInfo;
  readonly instructions?: string;
  /** The step's messages (AI SDK ModelMessage JSON). */
  readonly messages: readonly JsonValue[];
  readonly tools: readonly ToolDescription[];
}

/**
 * An upper bound of the input tokens a model step will be billed for. The kernel reserves it (plus the capped
 * output) before the step, so a low estimate can overspend a budget: it must never under-count.
 */
export type TokenEstimator = (input: TokenEstimateInput) => number | Promise<number>;

/**
 * The default TokenEstimator: the UTF-8 byte length of the step's JSON (instructions, messages, tools). Every
 * byte-level BPE token (OpenAI o200k/cl100k, Llama, Mistral, Anthropic) covers at least one byte of the text,
 * and the JSON keys and quotes outweigh the per-message framing tokens, so this never under-counts what the
 * text costs; it over-counts about 4× for English. Not covered: tokens a provider adds on its own side (e.g. a
 * hidden tool-use system prompt) — plug a tokenizer-based estimator that adds them.
 */
export const utf8ByteTokenEstimator: TokenEstimator = (input) =>
  Buffer.byteLength(
    JSON.stringify({ instructions: input.instructions, messages: input.messages, tools: input.tools }),
    'utf8',
  );
