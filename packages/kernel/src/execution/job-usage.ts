import type { Ledger, UsageRecord } from '@agent-runtime/ledger';
import type { ExecutionUsage } from './execution-result';

/** A job's usage as the ledger recorded it (every model step and tool call, across kernels). */
export async function usageOfJob(ledger: Ledger, jobId: string): Promise<ExecutionUsage> {
  return executionUsage(await ledger.writer.getUsage({ jobId }));
}

/** A ledger usage record as a result's usage. */
export function executionUsage(usage: UsageRecord): ExecutionUsage {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
    totalCost: usage.cost.toString(),
  };
}
