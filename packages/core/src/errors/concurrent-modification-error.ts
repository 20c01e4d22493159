import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'ConcurrentModificationError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** An update was based on a stale version of a record (optimistic concurrency): re-read and retry. */
export class ConcurrentModificationError extends AgentRuntimeError<typeof ErrorCode.CONCURRENT_MODIFICATION> {
  private readonly [symbol] = true;
  readonly resource: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;
  constructor({
    resource,
    id,
    expectedVersion,
    actualVersion,
    cause,
  }: {
    resource: string;
    id: string;
    expectedVersion: number;
    actualVersion: number | undefined;
    cause?: unknown;
  }) {
    super({
      name,
      code: ErrorCode.CONCURRENT_MODIFICATION,
      message: `${resource} ${id} was modified concurrently (expected version ${expectedVersion}, found ${actualVersion ?? 'none'})`,
      cause,
    });
    this.resource = resource;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  static override isInstance(error: unknown): error is ConcurrentModificationError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
