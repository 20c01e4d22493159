import type { ActionManager, ActionStore } from '@agent-runtime/actions';
import type { AgentDriver, Clock, EventBus } from '@agent-runtime/core';
import type { ArtifactStore, JobManager } from '@agent-runtime/jobs';
import type { Ledger } from '@agent-runtime/ledger';
import type { PolicyEngine } from '@agent-runtime/policy';
import type { TokenEstimator } from './token-estimator';

/** What executions need to keep their jobs durable (leases, recorded actions). */
export interface DurableSettings {
  readonly workerId: string;
  readonly leaseSeconds: number;
  /** Read to find the actions a resumed tool call already asked for. */
  readonly actionStore: ActionStore;
}

/**
 * The components an execution reaches, each only through its contract. `jobs` and `actions` write for this
 * kernel's worker: every write to a running job is fenced on its lease.
 */
export interface KernelServices {
  readonly agent: AgentDriver;
  readonly jobs: JobManager;
  readonly actions: ActionManager;
  readonly ledger: Ledger;
  readonly policy: PolicyEngine;
  readonly events: EventBus;
  readonly clock: Clock;
  readonly tokenEstimator: TokenEstimator;
  readonly maxStepOutputTokens: number;
  readonly artifacts: ArtifactStore;
  readonly durable: DurableSettings;
  /** Aborted when the kernel's shutdown gives up on its jobs: a terminal write still failing stops retrying. */
  readonly stopping: AbortSignal;
}
