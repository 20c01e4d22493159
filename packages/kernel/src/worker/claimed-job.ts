import {
  jobLifecycleEvent,
  RuntimeEvent,
  type RuntimeEventDataMap,
  serializeError,
} from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import { finalEventData, storedResult } from '../execution/stored-result';
import type { KernelServices } from '../kernel-services';

/**
 * The events `execute` publishes as its job starts, for a job the queue moved to `running` in its claim:
 * published together (in order), so the event log stores both in one append.
 */
export async function publishClaimedStart(
  services: KernelServices,
  job: JobRecord,
  prompt: string,
): Promise<void> {
  const { provider, modelId } = services.agent.model;
  await Promise.all([
    publish(services, job, 'job.status_changed', { from: JobStatus.QUEUED, to: JobStatus.RUNNING }),
    publish(services, job, 'job.started', { prompt, provider, model: modelId }),
  ]);
}

/** The event of a running job handed back to the queue (the queue's release writes no event of its own). */
export function publishHandedBack(services: KernelServices, job: JobRecord): Promise<void> {
  return publish(services, job, 'job.status_changed', { from: JobStatus.RUNNING, to: JobStatus.QUEUED });
}

/** A claimed job that cannot run here (no kernel checkpoint, a plugin that will not initialize): it fails. */
export async function failClaimed(services: KernelServices, job: JobRecord, error: unknown): Promise<void> {
  const { message, code, name } = serializeError(error);
  const failed = await services.jobs.fail(job.jobId, message, { errorCode: code, errorName: name });
  const { type, data } = finalEventData(await storedResult(failed, services));
  await services.events.publish(
    new RuntimeEvent({ type, data, jobId: job.jobId, scopeId: job.scopeId, timestamp: services.clock.now() }),
  );
}

async function publish<T extends keyof RuntimeEventDataMap>(
  services: KernelServices,
  job: JobRecord,
  type: T,
  data: RuntimeEventDataMap[T],
): Promise<void> {
  await services.events.publish(jobLifecycleEvent({ type, data }, job, services.clock.now()));
}
