import {
  type AgentDriver,
  type AgentRunRequest,
  type AgentStreamPart,
  parseInput,
  systemClock,
} from '@agent-runtime/core';
import { type LanguageModelMiddleware, wrapLanguageModel } from 'ai';
import { resolveLanguageModel } from 'ai/internal';
import type { DriverConfig, DriverModelSlot } from './driver-config';
import { type AiSdkDriverOptions, type DriverModel, driverOptionsSchema } from './driver-options';
import { productionMiddleware } from './production-middleware';
import { runAgent } from './run-agent';

/**
 * Core's `AgentDriver` on the Vercel AI SDK: streams text and reasoning deltas, tool calls and results and
 * per-step usage, runs every tool call through the kernel's gate and checkpoints a JSON state after each step.
 * Throws ValidationError naming the field when an option is malformed.
 */
export function aiSdkDriver(options: AiSdkDriverOptions): AgentDriver {
  const parsed = parseInput(driverOptionsSchema, options, 'options') as AiSdkDriverOptions;
  const middleware = resolveMiddleware(parsed);
  const config: DriverConfig = {
    primary: modelSlot(parsed.model, middleware),
    ...(parsed.degradedModel ? { degraded: modelSlot(parsed.degradedModel, middleware) } : {}),
    ...(parsed.instructions !== undefined ? { instructions: parsed.instructions } : {}),
    stopWhen: parsed.stopWhen === undefined ? [] : [parsed.stopWhen].flat(),
    ...(parsed.maxSteps !== undefined ? { maxSteps: parsed.maxSteps } : {}),
    clock: parsed.clock ?? systemClock,
    ...(parsed.providerOptions ? { providerOptions: parsed.providerOptions } : {}),
  };
  return Object.freeze({
    model: config.primary.info,
    ...(config.degraded ? { degradedModel: config.degraded.info } : {}),
    tools: Object.freeze([...(parsed.tools ?? [])]),
    run(request: AgentRunRequest): AsyncIterable<AgentStreamPart> {
      return runAgent(config, request);
    },
  });
}

function resolveMiddleware(options: AiSdkDriverOptions): LanguageModelMiddleware[] {
  const choice = options.middleware ?? 'production';
  if (choice === 'none') return [];
  if (choice !== 'production') return choice;
  return [
    productionMiddleware({
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  ];
}

function modelSlot(model: DriverModel, middleware: LanguageModelMiddleware[]): DriverModelSlot {
  const info = Object.freeze({ provider: model.provider, modelId: model.modelId });
  const v4 = resolveLanguageModel(model);
  return { info, model: middleware.length > 0 ? wrapLanguageModel({ model: v4, middleware }) : v4 };
}
