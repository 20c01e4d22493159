import {
  type AgentToolCall,
  type JsonValue,
  LeaseLostError,
  type RuntimeEvent,
  serializeError,
  ToolInterruptedError,
  type ToolOutcome,
} from '@agent-runtime/core';
import { JobStatus } from '@agent-runtime/jobs';
import type { Execution } from '../execution/execution';
import { asJson, type ToolJournalEntry, withToolEntry } from './kernel-checkpoint';
import { reclaimLease } from './lease';

/**
 * Records where a tool call stands in the job's checkpoint (a fenced write), before anything depends on it;
 * `running` as a durability point. `events` (the call's `tool.*` event) are stored by the same write and
 * published once it is stored.
 */
export async function recordToolCall(
  execution: Execution,
  call: AgentToolCall,
  state: ToolJournalEntry['state'],
  { outcome, events }: { outcome?: ToolOutcome; events?: readonly RuntimeEvent[] } = {},
): Promise<void> {
  const entry: ToolJournalEntry = {
    toolName: call.toolName,
    state,
    ...(outcome === undefined ? {} : { outcome: storedOutcome(outcome) }),
  };
  execution.checkpoint = withToolEntry(execution.checkpoint, call.toolCallId, entry);
  // `running` is stored before the tool's side effects: a resumed run must find it even after a database crash
  const options = { durabilityPoint: state === 'running', events };
  const save = () =>
    execution.services.jobs.saveCheckpoint(
      execution.jobId,
      execution.checkpoint as unknown as JsonValue,
      options,
    );
  try {
    execution.confirmActive(await save());
  } catch (error) {
    if (!LeaseLostError.isInstance(error) || !(await leaseReleasedMeanwhile(execution))) throw error;
    await reclaimLease(execution);
    execution.confirmActive(await save());
  }
}

/**
 * True when the job runs with no lease at all: it went to `waiting_action` and back while its tool ran (the
 * tool asked the ActionManager itself, as the human-in-the-loop example of the API reference does), which released the
 * lease. The run takes it back; a job another kernel holds stays lost.
 */
async function leaseReleasedMeanwhile(execution: Execution): Promise<boolean> {
  const job = await execution.services.jobs.get(execution.jobId);
  return job?.status === JobStatus.RUNNING && job.leaseOwner === undefined;
}

/**
 * What a resumed job does with a call its journal knows: a finished call returns its recorded outcome (the
 * tool does not run again); a call interrupted while its tool executed runs again only when the tool is
 * `idempotent`, otherwise the model is told (ToolInterruptedError, `tool.error`). Undefined: run the call
 * (never started, awaiting an action, or idempotent).
 */
export async function replayToolCall(
  execution: Execution,
  call: AgentToolCall,
): Promise<ToolOutcome | undefined> {
  const entry = execution.checkpoint.toolJournal[call.toolCallId];
  if (!entry || entry.state === 'parked') return undefined;
  if (entry.state === 'done' && entry.outcome) return entry.outcome;
  if (execution.tools.get(call.toolName)?.idempotent === true) return undefined;
  const error = new ToolInterruptedError({ toolCallId: call.toolCallId, toolName: call.toolName });
  await execution.publish('tool.error', {
    step: execution.currentStep,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    error: serializeError(error),
  });
  const outcome: ToolOutcome = { type: 'error', error: error.message };
  await recordToolCall(execution, call, 'done', { outcome });
  return outcome;
}

function storedOutcome(outcome: ToolOutcome): ToolOutcome {
  return outcome.type === 'error' ? outcome : { type: 'result', output: asJson(outcome.output) };
}
