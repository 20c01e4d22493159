import type { AnyRuntimeEvent } from '@agent-runtime/core';
import type { EventFingerprint } from './event-fingerprint';
import type { ReplayMode } from './replay-mode';
import type { VersionChange } from './version-change';

/** Where a deterministic replay first differed from the recording. */
export interface ReplayDivergence {
  index: number;
  expected?: EventFingerprint & { event: AnyRuntimeEvent };
  actual?: EventFingerprint & { event: AnyRuntimeEvent };
}

export interface ReplayResult {
  mode: ReplayMode;
  /** Events in the recording (for deterministic: of the recorded job). */
  totalEvents: number;
  /** Events published (fast / timed) or produced by the re-execution (deterministic). */
  eventsReplayed: number;
  /** Events that matched the recording, in order, before the first divergence. */
  matched: number;
  /** `matched` over the longer of the two streams: 1 is a perfect replay. */
  matchRate: number;
  divergence?: ReplayDivergence;
  /** Deterministic mode: the versions (runtime, driver, model, tools) that differ from the recording's. */
  versionChanges?: VersionChange[];
  durationMs: number;
}
