import type { ActionManager } from '@agent-runtime/actions';
import type { AgentDriver, Clock, EventBus, MoneyInput } from '@agent-runtime/core';
import type { JobManager } from '@agent-runtime/jobs';
import type { Ledger } from '@agent-runtime/ledger';
import type { PolicyEngine } from '@agent-runtime/policy';

/** What the kernel reserves from the budgets before each model step (settled with the real usage after). */
export interface StepReservation {
  tokens: number;
  cost?: MoneyInput;
}

/** The components an execution reaches, each only through its contract. */
export interface KernelServices {
  readonly agent: AgentDriver;
  readonly jobs: JobManager;
  readonly actions: ActionManager;
  readonly ledger: Ledger;
  readonly policy: PolicyEngine;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly stepReservation: StepReservation;
}
