/** Which events or reservations a usage key groups: the identity fields a filter or limit pins. */
export interface UsageIdentity {
  readonly scopeId?: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly jobId?: string;
}

/** The index key of exactly the fields `identity` sets (JSON, so no id can collide with another). */
export function usageKey(identity: UsageIdentity): string {
  return JSON.stringify([
    identity.scopeId ?? null,
    identity.principalId ?? null,
    identity.jobId ?? null,
    identity.sessionId ?? null,
  ]);
}

/**
 * Every key an event or reservation with these fields is indexed under: all, scope, scope+principal,
 * scope+job, scope+principal+job, job (job ids are the usual getUsage filter without a scope), and
 * scope+session, scope+principal+session (session budgets and totals).
 */
export function indexedKeys(item: UsageIdentity & { scopeId: string }): string[] {
  const { scopeId, principalId, sessionId, jobId } = item;
  const keys = [usageKey({}), usageKey({ scopeId })];
  if (principalId !== undefined) keys.push(usageKey({ scopeId, principalId }));
  if (jobId !== undefined) keys.push(usageKey({ scopeId, jobId }), usageKey({ jobId }));
  if (principalId !== undefined && jobId !== undefined) keys.push(usageKey({ scopeId, principalId, jobId }));
  if (sessionId !== undefined) keys.push(usageKey({ scopeId, sessionId }));
  if (sessionId !== undefined && principalId !== undefined)
    keys.push(usageKey({ scopeId, principalId, sessionId }));
  return keys;
}

/** The keys of `indexedKeys` that pin the job: what to drop when the job's own usage is dropped. */
export function jobIndexedKeys(item: UsageIdentity & { scopeId: string }, jobId: string): string[] {
  const { scopeId, principalId } = item;
  const keys = [usageKey({ scopeId, jobId }), usageKey({ jobId })];
  if (principalId !== undefined) keys.push(usageKey({ scopeId, principalId, jobId }));
  return keys;
}

/** Whether `identity` pins a combination that `indexedKeys` covers (a principal without a scope is not). */
export function isIndexed(identity: UsageIdentity): boolean {
  const { scopeId, principalId, sessionId, jobId } = identity;
  if (sessionId !== undefined) return scopeId !== undefined && jobId === undefined;
  return scopeId !== undefined || principalId === undefined;
}
