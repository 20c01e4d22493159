import { ValidationError } from '@agent-runtime/core';
import type { RecordedEvent } from './recorded-event';

const IDENTITY = ['scopeId', 'principalId', 'sessionId'] as const;

/**
 * The request a deterministic replay executes: the recording's initial input, completed from the recorded job's
 * `job.started` event with the identity (scope, principal, session) and the prompt it lacks.
 */
export function recordedRequest(
  initialInput: Readonly<Record<string, unknown>>,
  job: readonly RecordedEvent[],
): Record<string, unknown> {
  const started = (job.find((e) => e.event.type === 'job.started') ?? job[0])?.event;
  const request: Record<string, unknown> = { ...initialInput };
  for (const key of IDENTITY) if (request[key] === undefined && started?.[key]) request[key] = started[key];
  const prompt = started?.type === 'job.started' ? started.data.prompt : undefined;
  if (request.prompt === undefined && typeof prompt === 'string') request.prompt = prompt;
  if (typeof request.scopeId !== 'string')
    throw new ValidationError({
      field: 'recording.initialInput.scopeId',
      message:
        'recording.initialInput.scopeId: the recording names no scope (neither its initial input nor its events)',
    });
  return request;
}
