import { api } from '../api';
import { ActionButtons } from '../components/action-buttons';
import { RelativeTime } from '../components/relative-time';
import { formatJson } from '../format';
import { usePolling } from '../polling';

/** Every pending action of the tenant, to approve or reject. */
export function ApprovalsPage() {
  const { data, error, refresh } = usePolling(() => api.pendingActions(), 1500);
  const actions = data.value?.items;
  return (
    <section>
      <h1>Pending approvals</h1>
      {error.value && <p class="error">{error.value}</p>}
      {actions && actions.length === 0 && <p class="empty">Nothing waits for a decision.</p>}
      {actions && actions.length > 0 && (
        <ul class="inbox">
          {actions.map((action) => (
            <li key={action.actionId} class="entry action" data-action-id={action.actionId}>
              <div class="entry-head">
                <code>{action.type}</code> for job <a href={`#/jobs/${action.jobId}`}>{action.jobId}</a>{' '}
                <span class="muted">
                  <RelativeTime at={action.createdAt} />
                </span>
              </div>
              <p>{String(action.payload.message ?? formatJson(action.payload))}</p>
              <ActionButtons actionId={action.actionId} onResolved={() => void refresh()} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
