import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'NotFoundError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A record that was asked for by id does not exist. */
export class NotFoundError extends AgentRuntimeError<typeof ErrorCode.NOT_FOUND> {
  private readonly [symbol] = true;
  readonly resource: string;
  readonly id: string;
  constructor({ resource, id, cause }: { resource: string; id: string; cause?: unknown }) {
    super({ name, code: ErrorCode.NOT_FOUND, message: `${resource} ${id} not found`, cause });
    this.resource = resource;
    this.id = id;
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
