import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { api, authHeaders } from '../api';
import { ActionButtons } from '../components/action-buttons';
import { RelativeTime } from '../components/relative-time';
import { StatusBadge } from '../components/status-badge';
import { formatJson } from '../format';
import { followJobEvents } from '../job-events';
import { usePolling } from '../polling';
import { applyEvent, type TimelineItem } from '../timeline';
import { jobTitle } from './jobs-page';

function TimelineEntry({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case 'text':
      return (
        <li class="entry text">
          <div class="entry-head">Model{item.done ? '' : ' (streaming…)'}</div>
          <p class="model-text">{item.text}</p>
        </li>
      );
    case 'tool':
      return (
        <li class={`entry tool tool-${item.state}`}>
          <div class="entry-head">
            Tool <code>{item.toolName}</code> <span class="muted">{item.state}</span>
          </div>
          <div class="io">
            <div>
              <div class="muted">input</div>
              <pre>{formatJson(item.input)}</pre>
            </div>
            <div>
              <div class="muted">{item.error ? 'error' : 'output'}</div>
              <pre>{item.error ?? formatJson(item.output)}</pre>
            </div>
          </div>
        </li>
      );
    case 'action':
      return (
        <li class={`entry action action-${item.state}`} data-action-id={item.actionId}>
          <div class="entry-head">
            Approval <code>{item.actionType}</code> <span class="muted">{item.state}</span>
          </div>
          <p>{String(item.payload.message ?? formatJson(item.payload))}</p>
          {item.state === 'pending' && <ActionButtons actionId={item.actionId} />}
          {item.resolution && (
            <p class="muted">
              {item.resolution.approved === true
                ? 'Approved'
                : item.resolution.approved === false
                  ? 'Rejected'
                  : 'Resolved'}
              {item.resolvedBy ? ` by ${item.resolvedBy}` : ''}
            </p>
          )}
        </li>
      );
    case 'status':
      return (
        <li class={`entry status tone-${item.tone}`}>
          <div class="entry-head">{item.label}</div>
        </li>
      );
  }
}

const ACTIVE = ['queued', 'running', 'waiting_action'];

/** One job: its status, and its event timeline streamed live over SSE. */
export function JobPage({ jobId }: { jobId: string }) {
  const job = usePolling(() => api.getJob(jobId), 1000, [jobId]);
  const items = useSignal<TimelineItem[]>([]);
  const stream = useSignal<'live' | 'ended' | 'reconnecting'>('live');
  useEffect(() => {
    items.value = [];
    stream.value = 'live';
    const abort = new AbortController();
    void followJobEvents(`v1/jobs/${encodeURIComponent(jobId)}/events`, {
      headers: authHeaders,
      signal: abort.signal,
      onEvent: (event) => {
        items.value = applyEvent(items.value, event);
        stream.value = 'live';
        if (event.type.startsWith('job.') || event.type.startsWith('action.')) void job.refresh();
      },
      onEnd: () => {
        stream.value = 'ended';
        void job.refresh();
      },
      onError: () => {
        stream.value = 'reconnecting';
      },
    });
    return () => abort.abort();
  }, [jobId]);

  const record = job.data.value;
  return (
    <section>
      <p>
        <a href="#/jobs">← Jobs</a>
      </p>
      <h1>{record ? jobTitle(record) : jobId}</h1>
      {job.error.value && <p class="error">{job.error.value}</p>}
      {record && (
        <dl class="job-facts">
          <dt>Status</dt>
          <dd class="job-status">
            <StatusBadge status={record.status} />
          </dd>
          <dt>Job</dt>
          <dd class="mono">{record.jobId}</dd>
          <dt>Created</dt>
          <dd>
            <RelativeTime at={record.createdAt} />
          </dd>
          <dt>Events</dt>
          <dd class={`stream-${stream.value}`}>{stream.value}</dd>
        </dl>
      )}
      {record && ACTIVE.includes(record.status) && (
        <button
          type="button"
          class="reject cancel-job"
          onClick={() => void api.cancelJob(jobId).then(job.refresh)}
        >
          Cancel job
        </button>
      )}
      {record?.error && <p class="error">{record.error.message}</p>}
      <h2>Timeline</h2>
      {items.value.length === 0 ? (
        <p class="empty">No events yet.</p>
      ) : (
        <ol class="timeline">
          {items.value.map((item) => (
            <TimelineEntry key={item.key} item={item} />
          ))}
        </ol>
      )}
    </section>
  );
}
