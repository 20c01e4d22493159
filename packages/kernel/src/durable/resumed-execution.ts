import { ExecutionContext, type RuntimeTool } from '@agent-runtime/core';
import type { JobRecord } from '@agent-runtime/jobs';
import { Execution } from '../execution/execution';
import type { RunInput } from '../execution/run-execution';
import type { KernelServices } from '../kernel-services';
import { agentStateOf, type KernelCheckpoint } from './kernel-checkpoint';

/** The live state of a job taken over from its checkpoint: same context ids, turns and start time as before. */
export function resumedExecution(
  services: KernelServices,
  job: JobRecord,
  checkpoint: KernelCheckpoint,
  collectTools: () => ReadonlyMap<string, RuntimeTool>,
): { execution: Execution; input: RunInput } {
  const ctx = new ExecutionContext({
    scopeId: job.scopeId,
    principalId: job.principalId,
    sessionId: job.sessionId,
    runId: job.runId,
    traceId: job.traceId,
    jobId: job.jobId,
    budgets: job.budgets,
    policyRef: job.policyRef,
    metadata: { ...job.metadata },
  });
  const execution = new Execution(
    services,
    ctx,
    job.jobId,
    collectTools(),
    // the turn count is written after the step's checkpoint: a kernel that died (or lost its lease) between
    // the two left it one short, while the checkpoint's step is what was completed
    { checkpoint, turns: Math.max(job.turn, checkpoint.step ?? 0), startedAt: job.startedAt },
    collectTools,
  );
  // the pending tool calls, which run first, belong to the checkpoint's step
  execution.currentStep = checkpoint.step ?? 0;
  const resumeFrom = agentStateOf(checkpoint);
  return {
    execution,
    input: { prompt: checkpoint.prompt, deadline: job.deadline, ...(resumeFrom ? { resumeFrom } : {}) },
  };
}
