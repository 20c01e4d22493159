/** Every event the runtime publishes. Values are the constant names lower-cased, the first `_` a dot. */
export const RuntimeEventType = {
  PROGRESS: 'progress',
  MODEL_TOKEN: 'model.token',
  MODEL_REASONING: 'model.reasoning',
  MODEL_DONE: 'model.done',
  TOOL_START: 'tool.start',
  TOOL_END: 'tool.end',
  TOOL_ERROR: 'tool.error',
  ACTION_REQUIRED: 'action.required',
  ACTION_RESOLVED: 'action.resolved',
  ACTION_EXPIRED: 'action.expired',
  ACTION_CANCELLED: 'action.cancelled',
  ARTIFACT_CREATED: 'artifact.created',
  ARTIFACT_UPDATED: 'artifact.updated',
  JOB_STARTED: 'job.started',
  JOB_STATUS_CHANGED: 'job.status_changed',
  JOB_COMPLETED: 'job.completed',
  JOB_FAILED: 'job.failed',
  JOB_CANCELLED: 'job.cancelled',
  FINAL_RESULT: 'final.result',
  FINAL_ERROR: 'final.error',
} as const;

export type RuntimeEventType = (typeof RuntimeEventType)[keyof typeof RuntimeEventType];

export const RUNTIME_EVENT_TYPES: readonly RuntimeEventType[] = Object.values(RuntimeEventType);

export function isRuntimeEventType(value: unknown): value is RuntimeEventType {
  return typeof value === 'string' && (RUNTIME_EVENT_TYPES as readonly string[]).includes(value);
}

/** The export category of an event type (topic / stream suffix); `undefined` means the default topic. */
export type EventCategory = 'job' | 'tool' | 'action' | 'progress';

export function eventCategory(type: RuntimeEventType): EventCategory | undefined {
  if (type === RuntimeEventType.PROGRESS) return 'progress';
  const prefix = type.slice(0, type.indexOf('.'));
  return prefix === 'job' || prefix === 'tool' || prefix === 'action' ? prefix : undefined;
}
