import { compareJobPosition, decodeJobCursor } from './job-cursor';
import { filterStatuses, type JobFilter } from './job-filter';
import type { JobRecord } from './job-record';

/** True when `job` passes the filter's conditions (paging aside). */
export function matchesJobFilter(job: JobRecord, filter: JobFilter): boolean {
  const statuses = filterStatuses(filter);
  if (filter.scopeId !== undefined && job.scopeId !== filter.scopeId) return false;
  if (filter.principalId !== undefined && job.principalId !== filter.principalId) return false;
  if (filter.sessionId !== undefined && job.sessionId !== filter.sessionId) return false;
  if (filter.parentJobId !== undefined && job.parentJobId !== filter.parentJobId) return false;
  if (statuses !== undefined && !statuses.includes(job.status)) return false;
  if (filter.createdAfter !== undefined && job.createdAt < filter.createdAfter) return false;
  if (filter.createdBefore !== undefined && job.createdAt >= filter.createdBefore) return false;
  if (
    filter.deadlineBefore !== undefined &&
    !(job.deadline !== undefined && job.deadline <= filter.deadlineBefore)
  )
    return false;
  for (const [key, value] of Object.entries(filter.tags ?? {})) {
    if (job.tags[key] !== value) return false;
  }
  return true;
}

/** Filters, orders and pages `jobs` exactly as JobStore.list must (a validated filter). */
export function selectJobs(jobs: Iterable<JobRecord>, filter: JobFilter): JobRecord[] {
  const direction = filter.order === 'desc' ? -1 : 1;
  const cursor = filter.cursor === undefined ? undefined : decodeJobCursor(filter.cursor);
  const ordered = [...jobs]
    .filter((job) => matchesJobFilter(job, filter))
    .sort((a, b) => direction * compareJobPosition(a, b))
    .filter((job) => cursor === undefined || direction * compareJobPosition(job, cursor) > 0);
  const start = filter.offset ?? 0;
  return ordered.slice(start, filter.limit === undefined ? undefined : start + filter.limit);
}
