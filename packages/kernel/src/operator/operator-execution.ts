import {
  CancelledError,
  ErrorCode,
  ExecutionContext,
  type ExecutionRequest,
  type JsonObject,
  OperatorFailedError,
  parseInput,
  RuntimeTimeoutError,
} from '@agent-runtime/core';
import type { JobRecord } from '@agent-runtime/jobs';
import {
  contentText,
  failed,
  type Operator,
  OperatorContext,
  type OperatorInput,
  type OperatorResult,
  type OrchestrationConfigInput,
} from '@agent-runtime/orchestration';
import { z } from 'zod';
import { executionRequestSchema } from '../execution/execution-request';
import type { ExecutionArtifact } from '../execution/execution-result';
import type { KernelServices } from '../kernel-services';
import { type OperatorOutcome, operatorCheckpoint } from './operator-checkpoint';
import { OperatorRun } from './operator-run';
import { operatorStepGate } from './operator-step-gate';
import { operatorToolGate } from './operator-tool-gate';
import { operatorToolServices } from './operator-tool-services';
import { operatorUsageRecorder } from './operator-usage-recorder';

/** What `kernel.executeOperator()` runs the operator for: a request without prompt, and its orchestration config. */
export interface OperatorRequest extends Omit<ExecutionRequest, 'prompt' | 'idempotencyKey'> {
  /** The OrchestrationConfig of the run (limits, timeouts, parallelism). @default orchestration's defaults (see `OrchestrationConfig`) */
  config?: OrchestrationConfigInput;
}

const operatorRequestSchema = executionRequestSchema.omit({ prompt: true, idempotencyKey: true }).extend({
  config: z.record(z.string(), z.unknown()).optional(),
});

/** An operator job's outcome: the operator's result, its usage rolled up, and every artifact its tools made. */
export interface OperatorJobResult extends OperatorResult {
  readonly jobId: string;
  readonly artifacts: readonly ExecutionArtifact[];
}

/** A running operator job. */
export interface OperatorExecution {
  readonly jobId: string;
  /** The operator's result (with its usage rolled up over its children and their artifacts); never rejects. */
  result(): Promise<OperatorJobResult>;
  /** Cancels the operator and, through its context, every running child (and withdraws their pending actions). */
  cancel(reason?: string): Promise<void>;
  job(): Promise<JobRecord | undefined>;
}

/** The operator runs of a kernel, which its heartbeat keeps leased while they run. */
export interface OperatorRuns {
  add(run: OperatorRun): void;
  delete(run: OperatorRun): void;
}

/**
 * Runs an operator as a job: every child it runs is a child job (`parentJobId`); every job of the run holds a
 * lease while it runs; every model step of its agents passes the kernel's step gate (policy, ledger reservation)
 * and is recorded in the ledger under the agent's job; their tool calls pass the policy gate (approvals on the
 * agent's job, which waits with every job above it), and their tools may ask a human and make artifacts. The
 * job ends with the operator's outcome (`timeoutSeconds` → `timed_out`, `cancel()` → `cancelled`).
 */
export async function executeOperator(
  services: KernelServices,
  runs: OperatorRuns,
  operator: Operator,
  input: OperatorInput,
  request: OperatorRequest,
): Promise<OperatorExecution> {
  const valid = parseInput(operatorRequestSchema, request, 'request');
  const { jobs, events, ledger, clock } = services;
  const job = await jobs.create({
    scopeId: valid.scopeId,
    principalId: valid.principalId,
    sessionId: valid.sessionId,
    timeoutSeconds: valid.timeoutSeconds,
    budgets: valid.budgets,
    policyRef: valid.policyRef,
    metadata: { ...valid.metadata, operatorName: operator.name },
  });
  const ctx = new ExecutionContext({
    scopeId: valid.scopeId,
    principalId: valid.principalId,
    sessionId: valid.sessionId,
    budgets: valid.budgets,
    policyRef: valid.policyRef,
    metadata: valid.metadata,
    jobId: job.jobId,
    runId: job.runId,
  });
  const run = new OperatorRun(services, job.jobId, ctx.cancellation);
  await run.leases.start(job.jobId, { data: { prompt: `operator ${operator.name}` } });
  runs.add(run);
  const context = OperatorContext.create(ctx, {
    config: valid.config as OrchestrationConfigInput | undefined,
    jobManager: run.leases.childJobManager(),
    eventBus: events,
    usageRecorder: operatorUsageRecorder(ledger),
    clock,
    toolGate: operatorToolGate(run),
    stepGate: operatorStepGate(run),
    toolServices: operatorToolServices(run),
  });
  run.root = context;
  const outcome = runOperator(run, operator, input, context, valid.timeoutSeconds).finally(() =>
    runs.delete(run),
  );
  run.ended = outcome;
  return {
    jobId: job.jobId,
    result: () => outcome,
    cancel: async (reason = 'cancelled by caller') => ctx.cancellation.cancel(reason),
    job: () => jobs.get(job.jobId),
  };
}

async function runOperator(
  run: OperatorRun,
  operator: Operator,
  input: OperatorInput,
  context: OperatorContext,
  timeoutSeconds: number | undefined,
): Promise<OperatorJobResult> {
  const token = run.cancellation;
  const timer = new AbortController();
  let timedOut: RuntimeTimeoutError | undefined;
  if (timeoutSeconds !== undefined)
    run.services.clock.sleep(timeoutSeconds * 1000, timer.signal).then(
      () => {
        timedOut = new RuntimeTimeoutError({
          message: 'job timeoutSeconds exceeded',
          timeoutMs: timeoutSeconds * 1000,
        });
        token.cancel('timeout');
      },
      () => {},
    );
  const stopped = new Promise<OperatorResult>((resolve) =>
    token.onCancel((reason) => resolve(failed(operator, timedOut ?? new CancelledError({ reason })))),
  );
  let result: OperatorResult;
  try {
    result = await Promise.race([operator.execute(input, context), stopped]);
  } catch (error) {
    result = failed(operator, error);
  } finally {
    timer.abort();
  }
  if (token.isCancelled && result.success)
    result = failed(operator, timedOut ?? new CancelledError({ reason: token.reason }));
  const ended = { ...result, jobId: run.jobId, usage: context.usage, artifacts: [...run.artifacts] };
  await endJob(run, ended, timedOut);
  return ended;
}

/** Ends the operator job with the run's outcome, kept in its checkpoint for its stored result. */
async function endJob(
  run: OperatorRun,
  result: OperatorResult,
  timedOut: RuntimeTimeoutError | undefined,
): Promise<void> {
  const { jobs } = run.services;
  const { jobId } = run;
  try {
    const current = await jobs.get(jobId);
    if (!current || current.isTerminal) return;
    if (!(await saveOutcome(run, result))) return;
    if (result.success) await jobs.complete(jobId);
    else if (timedOut) await jobs.timeOut(jobId, { reason: timedOut.message });
    else if (result.error?.code === ErrorCode.CANCELLED)
      await jobs.cancel(jobId, { reason: result.error.message });
    else {
      const { message, code, name } =
        result.error ?? new OperatorFailedError({ operatorName: result.operatorName }).toJSON();
      await jobs.fail(jobId, message, { errorCode: code, errorName: name });
    }
  } finally {
    run.leases.release(jobId);
  }
}

/** The run's outcome into the job's checkpoint; false when the job was past its deadline (it is timed out now). */
async function saveOutcome(run: OperatorRun, result: OperatorResult): Promise<boolean> {
  const checkpoint = { ...operatorCheckpoint(run.jobId), outcome: outcomeOf(run, result) };
  try {
    await run.services.jobs.saveCheckpoint(run.jobId, checkpoint);
    return true;
  } catch (error) {
    if (!RuntimeTimeoutError.isInstance(error)) throw error;
    return false;
  }
}

function outcomeOf(run: OperatorRun, result: OperatorResult): JsonObject {
  const usage = result.usage;
  return {
    content: result.success ? contentText(result.content) : '',
    usage: {
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      totalTokens: usage?.totalTokens ?? 0,
      totalCost: usage?.cost.toString() ?? '0',
    },
    artifactIds: run.artifacts.map((artifact) => artifact.artifactId),
  } satisfies OperatorOutcome;
}
