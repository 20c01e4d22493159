import type { AgentState, JsonValue, ToolOutcome } from '@agent-runtime/core';

/** Where a tool call stands: `running` (its tool executes), `parked` (awaiting an action), `done` (outcome kept). */
export interface ToolJournalEntry {
  readonly toolName: string;
  readonly state: 'running' | 'parked' | 'done';
  readonly outcome?: ToolOutcome;
}

/**
 * What the kernel keeps as a job's checkpoint: the agent loop's state after its last completed step (its
 * fields at the top level, so `checkpoint.messages` is the conversation), the prompt (to start over when no
 * step completed), and the journal of that step's tool calls by `toolCallId`.
 */
export interface KernelCheckpoint extends Partial<AgentState> {
  readonly prompt: string;
  readonly toolJournal: Readonly<Record<string, ToolJournalEntry>>;
}

export function initialCheckpoint(prompt: string): KernelCheckpoint {
  return { prompt, toolJournal: {} };
}

/** True for a checkpoint the kernel wrote (only such jobs can be resumed by a kernel). */
export function isKernelCheckpoint(value: unknown): value is KernelCheckpoint {
  const candidate = value as Partial<KernelCheckpoint> | null | undefined;
  return (
    typeof candidate?.prompt === 'string' &&
    typeof candidate.toolJournal === 'object' &&
    candidate.toolJournal !== null
  );
}

/** The agent loop state to resume from, or undefined when no step completed yet. */
export function agentStateOf(checkpoint: KernelCheckpoint): AgentState | undefined {
  const { step, messages, usage, pendingToolCalls } = checkpoint;
  if (step === undefined || messages === undefined || usage === undefined) return undefined;
  return { step, messages, usage, ...(pendingToolCalls ? { pendingToolCalls } : {}) };
}

/**
 * The checkpoint after a completed step: its state, and the journal entries of the calls still pending only
 * (earlier calls' results are in the messages), so a checkpoint does not grow with the number of steps.
 */
export function withAgentState(checkpoint: KernelCheckpoint, state: AgentState): KernelCheckpoint {
  const pending = new Set((state.pendingToolCalls ?? []).map((call) => call.toolCallId));
  const toolJournal = Object.fromEntries(
    Object.entries(checkpoint.toolJournal).filter(([toolCallId]) => pending.has(toolCallId)),
  );
  return { ...state, prompt: checkpoint.prompt, toolJournal };
}

export function withToolEntry(
  checkpoint: KernelCheckpoint,
  toolCallId: string,
  entry: ToolJournalEntry,
): KernelCheckpoint {
  return { ...checkpoint, toolJournal: { ...checkpoint.toolJournal, [toolCallId]: entry } };
}

/** A value as it reads back from JSON (what a stored outcome is on resume). */
export function asJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}
