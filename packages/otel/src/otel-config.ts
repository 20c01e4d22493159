import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

export const otelConfigSchema = z.strictObject({
  tracerName: z.string().min(1).default('agent_runtime'),
  /** Recorded as `service.name` on job spans; set the Resource on your TracerProvider for the real thing. */
  serviceName: z.string().min(1).optional(),
  /** Record the prompt on `agent.job` spans (PII). */
  captureInput: z.boolean().default(false),
  /** Record model text and tool results (PII). */
  captureOutput: z.boolean().default(false),
  /** Record tool-call arguments (PII). */
  captureToolArgs: z.boolean().default(false),
  /** Add an `exception` event to spans that fail. */
  recordExceptions: z.boolean().default(true),
  /** Fraction of jobs traced, decided from the trace id so every process decides alike. */
  samplingRate: z.number().min(0).max(1).default(1),
});

export type OTelConfigInput = z.input<typeof otelConfigSchema>;
export type OTelConfig = z.output<typeof otelConfigSchema>;

export function otelConfig(input: OTelConfigInput = {}): OTelConfig {
  return parseInput(otelConfigSchema, input, 'config');
}
