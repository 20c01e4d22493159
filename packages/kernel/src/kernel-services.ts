import type { ActionManager } from '@agent-runtime/actions';
import type { AgentDriver, Clock, EventBus } from '@agent-runtime/core';
import type { ArtifactStore, JobManager } from '@agent-runtime/jobs';
import type { Ledger } from '@agent-runtime/ledger';
import type { PolicyEngine } from '@agent-runtime/policy';
import type { TokenEstimator } from './token-estimator';

/** The components an execution reaches, each only through its contract. */
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
}
