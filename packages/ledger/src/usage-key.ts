/** Which events or reservations a usage key groups: the identity fields a filter or limit pins. */
export interface UsageIdentity {
  readonly scopeId?: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly jobId?: string;
}

/** The index key of exactly the fields `identity` sets (JSON, so no id can collide with another). */
export function usageKey(identity: UsageIdentity): string {
  const { scopeId, principalId, sessionId, jobId } = identity;
  return keyOf(part(scopeId), part(principalId), part(jobId), part(sessionId));
}

/**
 * Every key an event or reservation with these fields is indexed under: all, scope, scope+principal,
 * scope+job, scope+principal+job, job (job ids are the usual getUsage filter without a scope), and
 * scope+session, scope+principal+session (session budgets and totals).
 */
export function indexedKeys(item: UsageIdentity & { scopeId: string }): string[] {
  const scope = part(item.scopeId);
  const principal = part(item.principalId);
  const session = part(item.sessionId);
  const keys = [ALL_KEY, keyOf(scope, NONE, NONE, NONE)];
  if (principal !== NONE) keys.push(keyOf(scope, principal, NONE, NONE));
  if (item.jobId !== undefined) keys.push(...jobIndexedKeys(item, item.jobId));
  if (session !== NONE) keys.push(keyOf(scope, NONE, NONE, session));
  if (session !== NONE && principal !== NONE) keys.push(keyOf(scope, principal, NONE, session));
  return keys;
}

/** The keys of `indexedKeys` that pin the job: what to drop when the job's own usage is dropped. */
export function jobIndexedKeys(item: UsageIdentity & { scopeId: string }, jobId: string): string[] {
  const scope = part(item.scopeId);
  const job = part(jobId);
  const keys = [keyOf(scope, NONE, job, NONE), keyOf(NONE, NONE, job, NONE)];
  if (item.principalId !== undefined) keys.push(keyOf(scope, part(item.principalId), job, NONE));
  return keys;
}

const NONE = 'null';
const ALL_KEY = keyOf(NONE, NONE, NONE, NONE);

/** An id as it appears in a key: JSON, `null` when absent. */
function part(id: string | undefined): string {
  return id === undefined ? NONE : JSON.stringify(id);
}

/** The key of the JSON parts, as `JSON.stringify([scope, principal, job, session])` writes it. */
function keyOf(scope: string, principal: string, job: string, session: string): string {
  return `[${scope},${principal},${job},${session}]`;
}

/** Whether `identity` pins a combination that `indexedKeys` covers (a principal without a scope is not). */
export function isIndexed(identity: UsageIdentity): boolean {
  const { scopeId, principalId, sessionId, jobId } = identity;
  if (sessionId !== undefined) return scopeId !== undefined && jobId === undefined;
  return scopeId !== undefined || principalId === undefined;
}
