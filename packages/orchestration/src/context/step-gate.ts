import type { ModelInfo, RuntimeTool, StepPlan } from '@agent-runtime/core';

/** What a StepGate holds for one model step until the step's usage is recorded (a ledger reservation). */
export interface StepHold {
  /** Gives the hold back: the step never reported usage (it failed, or the run stopped). */
  release(): Promise<unknown>;
}

/** The agent whose model step a StepGate decides about. */
export interface GatedAgent {
  readonly name: string;
  /** The model the step calls: the driver's model, or its `degradedModel` once the run switched to it. */
  readonly model: ModelInfo;
  /** The driver's cheaper model, if it has one. */
  readonly degradedModel?: ModelInfo;
  /** True once a StepGate said `degrade` (and the driver has a cheaper model): every later step runs on it. */
  readonly degraded: boolean;
  /** The tools the step offers the model. */
  readonly tools: readonly RuntimeTool[];
}

/** A StepGate's decision: the plan the driver gets, and what the step's recorded usage settles. */
export interface GatedStep {
  readonly plan?: StepPlan;
  /** Passed back as `ModelUsageInfo.hold` with the step's usage; released when the step reports none. */
  readonly hold?: StepHold;
}

/** The default StepGate: every step runs as the operator planned it. */
export const openSteps = async (): Promise<undefined> => undefined;
