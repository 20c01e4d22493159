import type { ActionStore, SignalChannel } from '@agent-runtime/actions';
import {
  type AgentDriver,
  type Clock,
  type EventBus,
  type MoneyInput,
  moneySchema,
  parseInput,
  type RuntimeTool,
} from '@agent-runtime/core';
import type { JobStore } from '@agent-runtime/jobs';
import type { LedgerOptions, LedgerWriter } from '@agent-runtime/ledger';
import type { PluginRegistry } from '@agent-runtime/plugins';
import type { PolicyEngine } from '@agent-runtime/policy';
import { z } from 'zod';

/** Everything `new RuntimeKernel()` takes: every component explicit. */
export interface RuntimeKernelOptions {
  /** The Layer 0 driver (e.g. `aiSdkDriver({ model })` from `@agent-runtime/ai-sdk`). */
  agent: AgentDriver;
  jobStore: JobStore;
  actionStore: ActionStore;
  ledgerWriter: LedgerWriter;
  policyEngine: PolicyEngine;
  eventBus: EventBus;
  pluginRegistry: PluginRegistry;
  signalChannel: SignalChannel;
  clock: Clock;
  /** Tools offered to the agent besides the driver's own and the plugins'. */
  tools: readonly RuntimeTool[];
  /** Model prices for the ledger's cost of a step (when the provider reports none). */
  pricing?: LedgerOptions['pricing'];
  /**
   * What is reserved from the budgets before each model step and settled with the real usage after it.
   * Concurrent jobs of one tenant can overspend by at most the amount a step uses beyond this. Default 1 token.
   */
  stepReservation?: { tokens?: number; cost?: MoneyInput };
  /** How long `shutdown()` lets running jobs finish before cancelling them. Default 30. */
  shutdownGraceSeconds?: number;
}

/** What `RuntimeKernel.create()` takes: the agent, and any component to use instead of the in-memory default. */
export type RuntimeKernelCreateOptions = Pick<RuntimeKernelOptions, 'agent'> &
  Partial<Omit<RuntimeKernelOptions, 'agent'>>;

const withMethods = <T>(...names: string[]) =>
  z.custom<T>(
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
    `must have ${names.join(', ')}`,
  );

const toolSchema = z.custom<RuntimeTool>(
  (value) => typeof (value as RuntimeTool | undefined)?.execute === 'function',
  'must be a RuntimeTool (defineTool)',
);

const optionsSchema = z.strictObject({
  agent: withMethods<AgentDriver>('run').refine((agent) => typeof agent.model?.modelId === 'string', {
    message: 'must be an AgentDriver with a model',
  }),
  jobStore: withMethods<JobStore>('create', 'get', 'update'),
  actionStore: withMethods<ActionStore>('create', 'get', 'update'),
  ledgerWriter: withMethods<LedgerWriter>('write', 'getUsage'),
  policyEngine: withMethods<PolicyEngine>('checkTool', 'checkModel'),
  eventBus: withMethods<EventBus>('publish', 'subscribe'),
  pluginRegistry: withMethods<PluginRegistry>('initializeAll', 'getAllTools', 'shutdownAll'),
  signalChannel: withMethods<SignalChannel>('wait', 'signal'),
  clock: withMethods<Clock>('now', 'sleep'),
  tools: z.array(toolSchema),
  pricing: z.custom<LedgerOptions['pricing']>(() => true).optional(),
  stepReservation: z
    .strictObject({ tokens: z.number().int().nonnegative().default(1), cost: moneySchema.optional() })
    .default({ tokens: 1 }),
  shutdownGraceSeconds: z.number().nonnegative().finite().default(30),
});

export type ValidKernelOptions = z.output<typeof optionsSchema>;

/** Validates the kernel's options; throws ValidationError naming the field (`options.jobStore`). */
export function parseKernelOptions(options: RuntimeKernelOptions): ValidKernelOptions {
  return parseInput(optionsSchema, options, 'options');
}
