import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/** Response headers for an SSE endpoint (`X-Accel-Buffering` stops nginx from buffering the stream). */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
});

export interface SSEFrameInit {
  id?: string;
  event?: string;
  data: string;
  /** Asks the client to wait this long before reconnecting. */
  retryMs?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;
const singleLine = z.string().refine((v) => !/[\r\n]/.test(v), 'must not contain a line break');
const frameSchema = z.strictObject({
  id: singleLine.refine((v) => !v.includes('\0'), 'must not contain NUL').optional(),
  event: singleLine.optional(),
  data: z.string(),
  retryMs: z.number().int().nonnegative().optional(),
});

/**
 * One Server-Sent Events message per the WHATWG spec: `id:`, `event:`, `retry:`, then one `data:` line per
 * line of `data` (CRLF, CR and LF all split, so the client re-joins them with LF), then a blank line.
 */
export function formatSSEFrame(init: SSEFrameInit): string {
  // the cheap check covers every valid frame; zod runs only to name what is wrong
  if (!isPlainValidFrame(init)) parseInput(frameSchema, init, 'frame');
  const { id, event, data, retryMs } = init;
  let frame = '';
  if (id !== undefined) frame += `id: ${id}\n`;
  if (event !== undefined) frame += `event: ${event}\n`;
  if (retryMs !== undefined) frame += `retry: ${retryMs}\n`;
  for (const line of data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return `${frame}\n`;
}

/** An SSE comment (clients ignore it; it keeps proxies from closing an idle connection). */
export function formatSSEComment(text: string): string {
  return `${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}`)
    .join('\n')}\n\n`;
}

const UNSAFE_ID = /[\r\n\0]/;
const UNSAFE_EVENT = /[\r\n]/;

function isPlainValidFrame(init: SSEFrameInit): boolean {
  if (typeof init !== 'object' || init === null || typeof init.data !== 'string') return false;
  if (Object.keys(init).some((key) => !FRAME_KEYS.has(key))) return false;
  if (init.id !== undefined && (typeof init.id !== 'string' || UNSAFE_ID.test(init.id))) return false;
  if (init.event !== undefined && (typeof init.event !== 'string' || UNSAFE_EVENT.test(init.event)))
    return false;
  return init.retryMs === undefined || (Number.isInteger(init.retryMs) && init.retryMs >= 0);
}

const FRAME_KEYS = new Set(['id', 'event', 'data', 'retryMs']);
