export const ReplayMode = {
  /** Publish the recorded events as fast as possible. */
  FAST: 'fast',
  /** Publish them with their original spacing (divided by `speed`). */
  TIMED: 'timed',
  /** Re-execute the recorded request with the recorded model responses and compare the new events. */
  DETERMINISTIC: 'deterministic',
} as const;
export type ReplayMode = (typeof ReplayMode)[keyof typeof ReplayMode];
