import type { Clock, ModelInfo } from '@agent-runtime/core';
import type { StopCondition, ToolSet } from 'ai';
import type { LanguageModelV4 } from './language-model-v4';

export interface DriverModelSlot {
  /** The model with the driver's middleware applied, at the provider (V4) level. */
  readonly model: LanguageModelV4;
  readonly info: ModelInfo;
}

/** What a driver fixed at construction, shared by all its runs. */
export interface DriverConfig {
  readonly primary: DriverModelSlot;
  readonly degraded?: DriverModelSlot;
  readonly instructions?: string;
  readonly stopWhen: readonly StopCondition<ToolSet>[];
  /** The driver's own step limit, if configured. */
  readonly maxSteps?: number;
  readonly clock: Clock;
  readonly providerOptions?: Record<string, Record<string, unknown>>;
}
