import { isDeepStrictEqual } from 'node:util';
import { type AgentState, type AgentStreamPart, Decimal, type JsonValue } from '@agent-runtime/core';
import { withAgentState } from '../durable/kernel-checkpoint';
import { noteToolBatch } from '../gates/constraint-gate';
import { checkOverspend } from '../gates/overspend-check';
import { stepLimitError } from '../gates/step-limit';
import type { Execution } from './execution';

type StepFinish = Extract<AgentStreamPart, { type: 'step-finish' }>;

/**
 * Turns the driver's stream into the job's events, and each completed step into ledger usage (settling the
 * step's reservation), a checkpoint of the agent loop state, a progress update and `model.done`.
 * Returns the final text once the driver finishes, or a step's text when that step overspent a hard limit
 * (the job then stops failed, keeping the content).
 */
export async function recordPart(execution: Execution, part: AgentStreamPart): Promise<string | undefined> {
  switch (part.type) {
    case 'text-delta':
      await execution.publish('model.token', { step: part.step, delta: part.delta });
      return undefined;
    case 'reasoning-delta':
      await execution.publish('model.reasoning', { step: part.step, delta: part.delta });
      return undefined;
    case 'step-finish':
      noteToolBatch(execution, part.step, part.toolCalls.length);
      return recordStep(execution, part);
    case 'finish':
      await saveFinalState(execution, part.state);
      if (part.stoppedAtStepLimit) throw stepLimitError(execution);
      return part.text;
    default:
      return undefined;
  }
}

async function recordStep(execution: Execution, part: StepFinish): Promise<string | undefined> {
  const { ledger, jobs } = execution.services;
  execution.turns += 1;
  const reservation = execution.stepReservation;
  execution.stepReservation = undefined;
  const entry = await ledger.recordModelUsage(execution.ctx, part.usage, {
    provider: part.model.provider,
    model: part.model.modelId,
    cost: part.providerCost,
    durationMs: part.durationMs,
    reservation,
  });
  execution.usage.recorded(entry);
  const cost = new Decimal(entry.cost);
  const done = execution.event('model.done', {
    step: part.step,
    provider: part.model.provider,
    model: part.model.modelId,
    text: part.text,
    ...(part.reasoning === undefined ? {} : { reasoning: part.reasoning }),
    toolCalls: part.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    finishReason: part.finishReason,
    usage: part.usage,
    cost: cost.toString(),
    durationMs: part.durationMs,
  });
  // one write for the checkpoint, the progress and the events `progress` + `model.done`
  execution.checkpoint = withAgentState(execution.checkpoint, part.state);
  const saved = await jobs.saveCheckpoint(execution.jobId, execution.checkpoint as unknown as JsonValue, {
    progress: progressAfter(execution),
    turn: execution.turns,
    events: [done],
  });
  execution.confirmActive(saved);
  return (await checkOverspend(execution, part.usage, cost)) ? part.text : undefined;
}

/**
 * The loop's state at its end, with the journal of its pending tool calls: what a resume continues from. Not
 * written again when it is the checkpoint of the last step (a final answer): the store holds it already.
 */
async function saveFinalState(execution: Execution, state: AgentState): Promise<void> {
  const checkpoint = withAgentState(execution.checkpoint, state);
  if (isDeepStrictEqual(checkpoint, execution.checkpoint)) return;
  execution.checkpoint = checkpoint;
  const { jobs } = execution.services;
  execution.confirmActive(
    await jobs.saveCheckpoint(execution.jobId, execution.checkpoint as unknown as JsonValue),
  );
}

/** Completed turns over `maxTurns`, or a curve towards 1 when there is no limit; 1 only at completion. */
function progressAfter(execution: Execution): number {
  const { maxTurns } = execution.ctx.budgets;
  const fraction = maxTurns ? execution.turns / maxTurns : execution.turns / (execution.turns + 1);
  return Math.min(fraction, 0.99);
}
