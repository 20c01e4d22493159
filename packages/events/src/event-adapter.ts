import type { RuntimeEvent } from '@agent-runtime/core';

/**
 * Something that carries runtime events out of the process. `adapt` hands it one event; `start` attaches it to
 * its bus (when it has one); `stop` detaches it and finishes what it holds. Adapters send only what core's
 * `redactForExport` returns, so a resume token never leaves the process.
 */
export interface EventAdapter {
  start(): Promise<void>;
  adapt(event: RuntimeEvent): Promise<void>;
  stop(): Promise<void>;
}
