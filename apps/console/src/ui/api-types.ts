/** The JSON the server answers with (see its `/openapi.json`); only the fields the console reads. */
export type JobStatus =
  | 'queued'
  | 'running'
  | 'waiting_action'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'timed_out';

export interface JobView {
  jobId: string;
  scopeId: string;
  principalId?: string;
  status: JobStatus;
  metadata?: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  error?: { code?: string; message: string };
}

export interface ActionView {
  actionId: string;
  jobId: string;
  type: string;
  status: string;
  payload: Record<string, unknown>;
  createdAt: number;
  expiresAt?: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: string;
  requests: number;
  toolCalls: number;
}

export interface UsageWindow {
  since: number;
  until: number;
  usage: Usage;
}

export interface UsageReport {
  scopeId: string;
  day: UsageWindow;
  month: UsageWindow;
  daily: UsageWindow[];
}

/** One event of `GET /v1/jobs/:id/events` (a `RuntimeEvent` as JSON, `seq` its SSE id). */
export interface RuntimeEventView {
  seq?: number;
  eventId: string;
  type: string;
  timestamp: number;
  jobId?: string;
  data: Record<string, unknown>;
}
