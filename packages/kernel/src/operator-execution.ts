import {
  CancelledError,
  ExecutionContext,
  parseInput,
  RuntimeTimeoutError,
  serializeError,
} from '@agent-runtime/core';
import { isTerminalStatus, type JobRecord } from '@agent-runtime/jobs';
import {
  failed,
  type Operator,
  OperatorContext,
  type OperatorInput,
  type OperatorResult,
  type OrchestrationConfigInput,
} from '@agent-runtime/orchestration';
import { z } from 'zod';
import { type ExecutionRequest, executionRequestSchema } from './execution-request';
import type { KernelServices } from './kernel-services';
import { operatorToolGate } from './operator-tool-gate';

/** What `kernel.executeOperator()` runs the operator for: a request without prompt, and its orchestration config. */
export interface OperatorRequest extends Omit<ExecutionRequest, 'prompt' | 'idempotencyKey'> {
  /** The OrchestrationConfig of the run (limits, timeouts, parallelism). @default the reference's defaults */
  config?: OrchestrationConfigInput;
}

const operatorRequestSchema = executionRequestSchema.omit({ prompt: true, idempotencyKey: true }).extend({
  config: z.record(z.string(), z.unknown()).optional(),
});

/** A running operator job. */
export interface OperatorExecution {
  readonly jobId: string;
  /** The operator's result (with its usage rolled up over its children); never rejects. */
  result(): Promise<OperatorResult>;
  /** Cancels the operator and, through its context, every running child. */
  cancel(reason?: string): Promise<void>;
  job(): Promise<JobRecord | undefined>;
}

/**
 * Runs an operator as a job: every child it runs is a child job (`parentJobId`), every model step is recorded in
 * the ledger under the job that made it, tool calls of its agents pass the kernel's policy gate, and the job ends
 * with the operator's outcome (`timeoutSeconds` → `timed_out`, `cancel()` → `cancelled`).
 */
export async function executeOperator(
  services: KernelServices,
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
  await jobs.start(job.jobId, { data: { prompt: `operator ${operator.name}` } });
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
  const context = OperatorContext.create(ctx, {
    config: valid.config as OrchestrationConfigInput | undefined,
    jobManager: jobs,
    eventBus: events,
    usageRecorder: ledger,
    clock,
    toolGate: operatorToolGate(services),
  });
  const outcome = run(services, operator, input, context, valid.timeoutSeconds);
  return {
    jobId: job.jobId,
    result: () => outcome,
    cancel: async (reason = 'cancelled by caller') => ctx.cancellation.cancel(reason),
    job: () => jobs.get(job.jobId),
  };
}

async function run(
  services: KernelServices,
  operator: Operator,
  input: OperatorInput,
  context: OperatorContext,
  timeoutSeconds: number | undefined,
): Promise<OperatorResult> {
  const token = context.executionContext.cancellation;
  const timer = new AbortController();
  let timedOut: RuntimeTimeoutError | undefined;
  if (timeoutSeconds !== undefined)
    services.clock.sleep(timeoutSeconds * 1000, timer.signal).then(
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
  await endJob(services, context.executionContext.jobId!, result, timedOut);
  return { ...result, jobId: context.executionContext.jobId, usage: context.usage };
}

async function endJob(
  { jobs }: KernelServices,
  jobId: string,
  result: OperatorResult,
  timedOut: RuntimeTimeoutError | undefined,
): Promise<void> {
  const current = await jobs.get(jobId);
  if (!current || isTerminalStatus(current.status)) return;
  if (result.success) await jobs.complete(jobId);
  else if (timedOut) await jobs.timeOut(jobId, { reason: timedOut.message });
  else if (result.error?.code === 'CANCELLED') await jobs.cancel(jobId, { reason: result.error.message });
  else {
    const { message, code, name } =
      result.error ?? serializeError(new Error(`${result.operatorName} failed`));
    await jobs.fail(jobId, message, { errorCode: code, errorName: name });
  }
}
