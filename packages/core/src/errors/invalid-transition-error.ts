import { AgentRuntimeError } from './agent-runtime-error';
import { ErrorCode } from './error-code';

const name = 'InvalidTransitionError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A state machine was asked for a transition its table does not allow. */
export class InvalidTransitionError extends AgentRuntimeError<typeof ErrorCode.INVALID_TRANSITION> {
  private readonly [symbol] = true;
  readonly entity: string;
  readonly id: string;
  readonly from: string;
  readonly to: string;
  constructor({
    entity,
    id,
    from,
    to,
    cause,
  }: { entity: string; id: string; from: string; to: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.INVALID_TRANSITION,
      message: `${entity} ${id} cannot go from ${from} to ${to}`,
      cause,
    });
    this.entity = entity;
    this.id = id;
    this.from = from;
    this.to = to;
  }

  static override isInstance(error: unknown): error is InvalidTransitionError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
