import type { RuntimeEventView } from './api-types';

/** What the job page shows, one entry per thing that happened (text of a model step is one entry). */
export type TimelineItem =
  | { kind: 'text'; key: string; step: number; text: string; done: boolean; timestamp: number }
  | {
      kind: 'tool';
      key: string;
      toolName: string;
      input?: unknown;
      output?: unknown;
      error?: string;
      state: 'running' | 'done' | 'error';
      timestamp: number;
    }
  | {
      kind: 'action';
      key: string;
      actionId: string;
      actionType: string;
      payload: Record<string, unknown>;
      state: 'pending' | 'resolved' | 'expired' | 'cancelled';
      resolution?: Record<string, unknown>;
      resolvedBy?: string;
      timestamp: number;
    }
  | { kind: 'status'; key: string; label: string; tone: 'info' | 'ok' | 'bad'; timestamp: number };

/** The `data` fields of the event types the timeline shows (see `RuntimeEventDataMap` in core). */
interface ShownEventData {
  step: number;
  delta: string;
  text: string;
  toolCallId: string;
  toolName: string;
  input?: unknown;
  output?: unknown;
  error?: { message?: string };
  actionId: string;
  actionType: string;
  payload?: Record<string, unknown>;
  resolution?: Record<string, unknown>;
  resolvedBy?: string;
  reason?: string;
}

const data = (event: RuntimeEventView) => event.data as unknown as ShownEventData;

/** Adds one event to the timeline (a new array: the page renders from signals). */
export function applyEvent(items: readonly TimelineItem[], event: RuntimeEventView): TimelineItem[] {
  const d = data(event);
  const at = event.timestamp;
  const update = <K extends TimelineItem['kind']>(
    kind: K,
    key: string,
    patch: (item: Extract<TimelineItem, { kind: K }>) => Extract<TimelineItem, { kind: K }>,
  ) => items.map((item) => (item.kind === kind && item.key === key ? patch(item as never) : item));
  const has = (key: string) => items.some((item) => item.key === key);

  switch (event.type) {
    case 'model.token': {
      const key = `text-${d.step}`;
      if (has(key)) return update('text', key, (item) => ({ ...item, text: item.text + d.delta }));
      return [...items, { kind: 'text', key, step: d.step, text: d.delta, done: false, timestamp: at }];
    }
    case 'model.done': {
      const key = `text-${d.step}`;
      const text = d.text;
      if (has(key)) return update('text', key, (item) => ({ ...item, text: text || item.text, done: true }));
      return text
        ? [...items, { kind: 'text', key, step: d.step, text, done: true, timestamp: at }]
        : [...items];
    }
    case 'tool.start':
      return [
        ...items,
        {
          kind: 'tool',
          key: `tool-${d.toolCallId}`,
          toolName: d.toolName,
          input: d.input,
          state: 'running',
          timestamp: at,
        },
      ];
    case 'tool.end':
      return update('tool', `tool-${d.toolCallId}`, (item) => ({ ...item, output: d.output, state: 'done' }));
    case 'tool.error':
      return update('tool', `tool-${d.toolCallId}`, (item) => ({
        ...item,
        error: d.error?.message ?? 'failed',
        state: 'error',
      }));
    case 'action.required':
      return [
        ...items,
        {
          kind: 'action',
          key: `action-${d.actionId}`,
          actionId: d.actionId,
          actionType: d.actionType,
          payload: d.payload ?? {},
          state: 'pending',
          timestamp: at,
        },
      ];
    case 'action.resolved':
      return update('action', `action-${d.actionId}`, (item) => ({
        ...item,
        state: 'resolved',
        resolution: d.resolution,
        resolvedBy: d.resolvedBy,
      }));
    case 'action.expired':
      return update('action', `action-${d.actionId}`, (item) => ({ ...item, state: 'expired' }));
    case 'action.cancelled':
      return update('action', `action-${d.actionId}`, (item) => ({ ...item, state: 'cancelled' }));
    case 'job.started':
      return [...items, status(event, 'Job started', 'info')];
    case 'job.completed':
      return [...items, status(event, 'Job succeeded', 'ok')];
    case 'job.failed':
      return [...items, status(event, `Job failed: ${d.error?.message ?? ''}`, 'bad')];
    case 'job.cancelled':
      return [...items, status(event, `Job cancelled${d.reason ? `: ${d.reason}` : ''}`, 'bad')];
    default:
      return [...items];
  }
}

function status(event: RuntimeEventView, label: string, tone: 'info' | 'ok' | 'bad'): TimelineItem {
  return { kind: 'status', key: `status-${event.eventId}`, label, tone, timestamp: event.timestamp };
}
