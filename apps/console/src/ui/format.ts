const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 seconds ago", "3 minutes ago", … */
export function relativeTime(epochMs: number, now = Date.now()): string {
  const delta = epochMs - now;
  for (const [unit, ms] of units) {
    if (Math.abs(delta) >= ms || unit === 'second') return relative.format(Math.round(delta / ms), unit);
  }
  return '';
}

export function formatJson(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

export const statusLabel = (status: string) => status.replace('_', ' ');
