import type { FuzzedStores } from './entry-points';

interface Snapshot {
  jobs: string[][];
  actions: string[][];
  events: number;
  extra: unknown;
}

/**
 * Everything the stores hold, in a comparable form (plus `extraState`, e.g. the keys a Redis store holds):
 * equal before and after a refused call.
 */
export async function snapshot(
  { jobStore, actionStore, ledgerWriter }: FuzzedStores,
  extraState: () => Promise<unknown>,
): Promise<string> {
  const jobs = await jobStore.list({ limit: 100_000 });
  const actions = await actionStore.list({ limit: 100_000 });
  const events = await ledgerWriter.listEvents({});
  const state: Snapshot = {
    jobs: jobs.map((j) => [j.jobId, String(j.version), j.status]).sort(),
    actions: actions.map((a) => [a.actionId, String(a.version), a.status]).sort(),
    events: events.length,
    extra: await extraState(),
  };
  return JSON.stringify(state);
}

/**
 * For a call that set up a job (created running, maybe with an action) before its refused part: those are new
 * rows; every row that existed before must be unchanged, and no ledger event may appear. Backend state beyond
 * the stores' records is not compared (the setup itself writes some).
 */
export function sameExceptSetup(before: string, after: string): boolean {
  const b = JSON.parse(before) as Snapshot;
  const a = JSON.parse(after) as Snapshot;
  const unchanged = (old: string[][], now: string[][]) => {
    const current = new Map(now.map((row) => [row[0], JSON.stringify(row)]));
    return old.every((row) => current.get(row[0]) === JSON.stringify(row));
  };
  const setupOnly = (old: string[][], now: string[][]) => {
    const known = new Set(old.map((row) => row[0]));
    return now
      .filter((row) => !known.has(row[0]))
      .every((row) => ['running', 'waiting_action', 'pending'].includes(row[2] as string));
  };
  return (
    unchanged(b.jobs, a.jobs) &&
    unchanged(b.actions, a.actions) &&
    setupOnly(b.jobs, a.jobs) &&
    setupOnly(b.actions, a.actions) &&
    a.events === b.events
  );
}
