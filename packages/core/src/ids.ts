const HEX = '0123456789abcdef';

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  do crypto.getRandomValues(buffer);
  while (buffer.every((byte) => byte === 0)); // W3C trace context forbids all-zero ids
  let out = '';
  for (const byte of buffer) out += HEX[byte >> 4]! + HEX[byte & 15]!;
  return out;
}

/** A unique id with a readable prefix: `job_0b1c…`. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

/** A W3C trace-context trace id: 32 lowercase hex digits, not all zero. */
export function newTraceId(): string {
  return randomHex(16);
}

/** A W3C trace-context span id: 16 lowercase hex digits, not all zero. */
export function newSpanId(): string {
  return randomHex(8);
}

export const TRACE_ID_PATTERN = /^(?!0{32})[0-9a-f]{32}$/;
export const SPAN_ID_PATTERN = /^(?!0{16})[0-9a-f]{16}$/;
