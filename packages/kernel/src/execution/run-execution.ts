import { type AgentState, LeaseLostError, RuntimeTimeoutError } from '@agent-runtime/core';
import { guardStep } from '../gates/constraint-gate';
import { executeTool } from '../gates/tool-gate';
import type { Execution } from './execution';
import type { ExecutionResult } from './execution-result';
import { finishExecution } from './finish-execution';
import { recordPart } from './stream-recorder';

/** What a run starts from: the prompt, or the checkpoint of a resumed job. */
export interface RunInput {
  prompt: string;
  deadline: number | undefined;
  resumeFrom?: AgentState;
}

/**
 * Runs the agent loop of a started (or resumed) job through the driver, then ends the job. Every error (model,
 * tool, policy, budget, time, cancellation) becomes the job's terminal status and the result's error; it
 * rejects only with JobOutcomeNotStoredError (the kernel shut down before the store took that status).
 * Undefined when the kernel lost the job's lease, or left the job waiting at shutdown: it wrote nothing more,
 * another kernel ends it.
 */
export async function runExecution(
  execution: Execution,
  { prompt, deadline, resumeFrom }: RunInput,
): Promise<ExecutionResult | undefined> {
  const stopTimer = startDeadlineTimer(execution, deadline);
  let content = '';
  let failure: unknown;
  try {
    const parts = execution.services.agent.run({
      prompt,
      context: execution.ctx.toRequestContext(),
      signal: execution.signal,
      tools: [...execution.tools.values()],
      executeTool: (call) => executeTool(execution, call),
      beforeStep: (info) => guardStep(execution, info),
      maxSteps: execution.ctx.budgets.maxTurns,
      ...(resumeFrom ? { resumeFrom } : {}),
    });
    for await (const part of parts) {
      const text = await recordPart(execution, part);
      if (text !== undefined) content = text;
    }
    execution.throwIfStopped();
  } catch (error) {
    failure = execution.stopReason ?? error;
  } finally {
    stopTimer();
    await releaseStepReservation(execution);
  }
  if (LeaseLostError.isInstance(failure) || execution.leftWaiting) return undefined;
  try {
    return await finishExecution(execution, { content, failure });
  } catch (error) {
    if (LeaseLostError.isInstance(error)) return undefined;
    execution.buffer.close();
    throw error;
  }
}

/** The earlier of the job's deadline (`timeoutSeconds`) and `maxRuntimeSeconds` stops the run `timed_out`. */
function startDeadlineTimer(execution: Execution, deadline: number | undefined): () => void {
  const { clock } = execution.services;
  const { maxRuntimeSeconds } = execution.ctx.budgets;
  const runtimeEnd =
    maxRuntimeSeconds === undefined ? undefined : execution.startedAt + maxRuntimeSeconds * 1000;
  const end = Math.min(deadline ?? Number.POSITIVE_INFINITY, runtimeEnd ?? Number.POSITIVE_INFINITY);
  if (!Number.isFinite(end)) return () => {};
  const timer = new AbortController();
  const reason =
    end === deadline ? 'job timeoutSeconds exceeded' : `maxRuntimeSeconds ${maxRuntimeSeconds} exceeded`;
  clock.sleep(Math.max(0, end - clock.now()), timer.signal).then(
    () => execution.stop(new RuntimeTimeoutError({ message: reason, timeoutMs: end - execution.startedAt })),
    () => {},
  );
  return () => timer.abort();
}

async function releaseStepReservation(execution: Execution): Promise<void> {
  const reservation = execution.stepReservation;
  execution.stepReservation = undefined;
  try {
    await reservation?.release();
  } catch {
    // best effort: the job's outcome must not depend on giving back an unused hold
  }
}
