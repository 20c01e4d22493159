import { useSignal } from '@preact/signals';
import { api } from '../api';
import { RelativeTime } from '../components/relative-time';
import { SignalInput } from '../components/signal-input';
import { StatusBadge } from '../components/status-badge';
import { statusLabel } from '../format';
import { usePolling } from '../polling';
import { navigate } from '../route';

export const jobTitle = (job: { jobId: string; metadata?: Record<string, unknown> }) =>
  typeof job.metadata?.prompt === 'string' ? job.metadata.prompt : job.jobId;

function StartJob() {
  const prompt = useSignal('Deploy the changes');
  const error = useSignal<string | undefined>(undefined);
  const start = async (event: Event) => {
    event.preventDefault();
    try {
      const job = await api.startJob(prompt.value);
      navigate(`#/jobs/${job.jobId}`);
    } catch (cause) {
      error.value = String((cause as Error).message);
    }
  };
  return (
    <form class="start-job" onSubmit={start}>
      <SignalInput value={prompt} name="prompt" label="Prompt" submit="Start job" />
      {error.value && <span class="error">{error.value}</span>}
    </form>
  );
}

const STATUSES = ['queued', 'running', 'waiting_action', 'succeeded', 'failed', 'cancelled', 'timed_out'];

/** Every job of the tenant (or those of one status), newest first; statuses refresh every second. */
export function JobsPage() {
  const status = useSignal('');
  const { data, error } = usePolling(() => api.listJobs(status.value || undefined), 1000, [status.value]);
  const jobs = data.value?.items;
  return (
    <section>
      <h1>Jobs</h1>
      <StartJob />
      <label class="filter">
        Status{' '}
        <select
          name="status"
          value={status.value}
          onChange={(e) => {
            status.value = e.currentTarget.value;
          }}
        >
          <option value="">all</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
      </label>
      {error.value && <p class="error">{error.value}</p>}
      {jobs && jobs.length === 0 && (
        <p class="empty">
          {status.value ? `No ${statusLabel(status.value)} jobs.` : 'No jobs yet: start one above.'}
        </p>
      )}
      {jobs && jobs.length > 0 && (
        <table class="jobs">
          <thead>
            <tr>
              <th>Status</th>
              <th>Job</th>
              <th>Principal</th>
              <th>Created</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <tr key={job.jobId} data-job-id={job.jobId}>
                <td>
                  <StatusBadge status={job.status} />
                </td>
                <td>
                  <a href={`#/jobs/${job.jobId}`}>{jobTitle(job)}</a>
                  <div class="muted mono">{job.jobId}</div>
                </td>
                <td>{job.principalId ?? '—'}</td>
                <td>
                  <RelativeTime at={job.createdAt} />
                </td>
                <td>
                  <RelativeTime at={job.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
