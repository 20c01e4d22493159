/** A half-open window of epoch ms, `[since, until)`. */
export interface TimeWindow {
  since: number;
  until: number;
}

const DAY_MS = 86_400_000;

/** The UTC day holding `at`. */
export function dayWindow(at: number): TimeWindow {
  const since = Math.floor(at / DAY_MS) * DAY_MS;
  return { since, until: since + DAY_MS };
}

/** The UTC calendar month holding `at`. */
export function monthWindow(at: number): TimeWindow {
  const date = new Date(at);
  return {
    since: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1),
    until: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1),
  };
}

/** The `days` UTC days ending with the day of `at`, oldest first. */
export function dailyWindows(at: number, days: number): TimeWindow[] {
  const last = dayWindow(at);
  return Array.from({ length: days }, (_, i) => {
    const since = last.since - (days - 1 - i) * DAY_MS;
    return { since, until: since + DAY_MS };
  });
}
