import { apiKey, setApiKey } from './api-key';
import type { ActionView, JobView, UsageReport } from './api-types';

/** A problem+json answer of the server (RFC 9457), with the runtime's typed error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export function authHeaders(): Record<string, string> {
  return apiKey.value ? { authorization: `Bearer ${apiKey.value}` } : {};
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401) setApiKey(undefined);
    throw new ApiError(response.status, json?.code ?? 'HTTP_ERROR', json?.detail ?? response.statusText);
  }
  return json as T;
}

export const api = {
  listJobs: (status?: string) =>
    request<{ items: JobView[] }>(
      'GET',
      `v1/jobs?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`,
    ),
  getJob: (jobId: string) => request<JobView>('GET', `v1/jobs/${encodeURIComponent(jobId)}`),
  startJob: (prompt: string) => request<JobView>('POST', 'v1/jobs', { prompt, metadata: { prompt } }),
  cancelJob: (jobId: string) => request<JobView>('POST', `v1/jobs/${encodeURIComponent(jobId)}/cancel`, {}),
  pendingActions: (jobId?: string) =>
    request<{ items: ActionView[] }>(
      'GET',
      `v1/actions?status=pending${jobId ? `&jobId=${encodeURIComponent(jobId)}` : ''}`,
    ),
  resolveAction: (actionId: string, resolution: Record<string, unknown>) =>
    request<ActionView>('POST', `v1/actions/${encodeURIComponent(actionId)}/resolve`, { resolution }),
  usage: (days: number) => request<UsageReport>('GET', `v1/usage?days=${days}`),
};
