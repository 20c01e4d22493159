import { type AnyRuntimeEvent, NotFoundError, redactForExport } from '@agent-runtime/core';
import type { JobManager, JobRecord } from '@agent-runtime/jobs';
import type { EventBuffer } from './event-buffer';
import type { ExecutionResult } from './execution-result';

/** What a handle reads from: the job's event buffer, its result, and how to cancel it. */
export interface ExecutionSource {
  readonly buffer: EventBuffer;
  readonly done: Promise<ExecutionResult>;
  cancel(reason?: string): Promise<void>;
}

/** The caller's view of one execution: `kernel.execute()` returns it at once, while the job runs. */
export class ExecutionHandle {
  constructor(
    readonly jobId: string,
    private readonly source: ExecutionSource,
    private readonly jobs: JobManager,
    private readonly redactSecrets = false,
  ) {}

  /**
   * The same handle with resume tokens redacted from `events()` (as exporters send them), for a caller who
   * may see the job but not resolve its actions by token.
   */
  withoutSecrets(): ExecutionHandle {
    return new ExecutionHandle(this.jobId, this.source, this.jobs, true);
  }

  /** The job record as stored now. */
  async job(): Promise<JobRecord> {
    const job = await this.jobs.get(this.jobId);
    if (!job) throw new NotFoundError({ resource: 'job', id: this.jobId });
    return job;
  }

  /** Every event of the job from its first, however late iteration starts; ends after the final event. */
  events(): AsyncIterable<AnyRuntimeEvent> {
    const events = this.source.buffer.iterate();
    return this.redactSecrets ? redacted(events) : events;
  }

  /**
   * Resolves when the job has ended, whatever its outcome (never rejects for a failed job), with the outcome
   * its store holds: while the store is unreachable it waits. Rejects with KernelShutdownError when this kernel
   * shut down while the job waited for an action (the job goes on elsewhere), and with JobOutcomeNotStoredError
   * when it shut down before the store took the outcome.
   */
  result(): Promise<ExecutionResult> {
    return this.source.done;
  }

  /**
   * Cancels the job: aborts the model stream and running tools through the AbortSignal, withdraws pending
   * actions; resolves once the job has ended (`cancelled`, unless it had already ended).
   */
  async cancel(reason = 'cancelled by caller'): Promise<void> {
    await this.source.cancel(reason);
    await this.source.done;
  }
}

async function* redacted(
  events: AsyncIterable<AnyRuntimeEvent>,
): AsyncGenerator<AnyRuntimeEvent, void, undefined> {
  for await (const event of events) yield redactForExport(event);
}
