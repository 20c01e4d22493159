import { api } from '../api';
import type { Usage } from '../api-types';
import { UsageChart } from '../components/usage-chart';
import { usePolling } from '../polling';

const DAYS = 14;

function Totals({ label, usage }: { label: string; usage: Usage }) {
  return (
    <div class="totals">
      <h3>{label}</h3>
      <p>
        <strong class="tokens">{usage.totalTokens.toLocaleString('en')}</strong> tokens
      </p>
      <p>
        <strong class="cost">${usage.cost}</strong> cost
      </p>
      <p class="muted">
        {usage.requests} model calls, {usage.toolCalls} tool calls
      </p>
    </div>
  );
}

/** The tenant's tokens and cost: today, this month, and per day as a chart. */
export function UsagePage() {
  const { data, error } = usePolling(() => api.usage(DAYS), 2000);
  const report = data.value;
  return (
    <section>
      <h1>Usage{report ? ` of ${report.scopeId}` : ''}</h1>
      {error.value && <p class="error">{error.value}</p>}
      {report && (
        <>
          <div class="totals-row">
            <Totals label="Today (UTC)" usage={report.day.usage} />
            <Totals label="This month" usage={report.month.usage} />
          </div>
          <h2>Per day, last {DAYS} days</h2>
          <UsageChart daily={report.daily} />
        </>
      )}
    </section>
  );
}
