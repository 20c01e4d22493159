import type { Clock, ModelInfo } from '@agent-runtime/core';
import type { LanguageModel, StopCondition, ToolSet } from 'ai';

export interface DriverModelSlot {
  readonly model: LanguageModel;
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
