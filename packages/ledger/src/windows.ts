/** Start of the UTC minute containing `now` (epoch ms). */
export function minuteStart(now: number): number {
  return now - (((now % 60_000) + 60_000) % 60_000);
}

/** 00:00 UTC of the day containing `now`. */
export function dayStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

/** 00:00 UTC on the 1st of the month containing `now`. */
export function monthStart(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}
