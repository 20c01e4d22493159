import type { RuntimeEventContent } from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { KernelServices } from '../kernel-services';
import { isOperatorCheckpoint, type OperatorOutcome } from '../operator/operator-checkpoint';
import type { ExecutionResult } from './execution-result';
import { toExecutionArtifact } from './job-artifacts';
import { usageOfJob } from './job-usage';
import { storedError } from './stored-error';

/**
 * The result of a job that ended, rebuilt from the stores alone (job record, its last checkpoint, the
 * ledger): what a duplicate request or another kernel sees.
 */
export async function storedResult(
  job: JobRecord,
  { ledger, artifacts }: Pick<KernelServices, 'ledger' | 'artifacts'>,
): Promise<ExecutionResult> {
  const succeeded = job.status === JobStatus.SUCCEEDED;
  if (isOperatorCheckpoint(job.checkpoint) && job.checkpoint.outcome)
    return operatorResult(job, job.checkpoint.outcome, artifacts);
  return {
    jobId: job.jobId,
    status: job.status,
    content: succeeded ? finalText(job.checkpoint) : '',
    usage: await usageOfJob(ledger, job.jobId),
    turns: job.turn,
    artifacts: (await artifacts.listByJob(job.jobId)).map(toExecutionArtifact),
    error: succeeded ? null : storedError(job),
  };
}

/** An ended operator job: its run's content, its usage rolled up over its children, its children's artifacts. */
async function operatorResult(
  job: JobRecord,
  outcome: OperatorOutcome,
  artifacts: KernelServices['artifacts'],
): Promise<ExecutionResult> {
  const records = await Promise.all(outcome.artifactIds.map((artifactId) => artifacts.get(artifactId)));
  const succeeded = job.status === JobStatus.SUCCEEDED;
  return {
    jobId: job.jobId,
    status: job.status,
    content: succeeded ? outcome.content : '',
    usage: outcome.usage,
    turns: job.turn,
    artifacts: records.filter((record) => record !== undefined).map(toExecutionArtifact),
    error: succeeded ? null : storedError(job),
  };
}

/** The final event of an ended job, as its `final.result` / `final.error` data. */
export function finalEventData(result: ExecutionResult): RuntimeEventContent<'final.result' | 'final.error'> {
  if (result.error) return { type: 'final.error', data: { status: result.status, error: result.error } };
  return {
    type: 'final.result',
    data: { content: result.content, usage: result.usage, turns: result.turns },
  };
}

/** The text of the last assistant message in a checkpointed agent state (AI SDK ModelMessage JSON). */
function finalText(checkpoint: unknown): string {
  const messages = (checkpoint as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown; content?: unknown };
    if (message?.role !== 'assistant') continue;
    if (typeof message.content === 'string') return message.content;
    if (!Array.isArray(message.content)) return '';
    return message.content
      .filter((part: { type?: unknown }) => part?.type === 'text')
      .map((part: { text?: unknown }) => String(part.text ?? ''))
      .join('');
  }
  return '';
}
