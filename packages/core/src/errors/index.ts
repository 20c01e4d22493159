export { ActionCancelledError } from './action-cancelled-error';
export { ActionExpiredError } from './action-expired-error';
export { ActionRequiredError } from './action-required-error';
export {
  AgentRuntimeError,
  type AgentRuntimeErrorOptions,
  type SerializedError,
  serializeError,
} from './agent-runtime-error';
export { BudgetExceededError } from './budget-exceeded-error';
export { CancelledError } from './cancelled-error';
export { ConcurrentModificationError } from './concurrent-modification-error';
export { ErrorCode, isErrorCode, type StoredErrorCode } from './error-code';
export { InternalError } from './internal-error';
export { InvalidTransitionError } from './invalid-transition-error';
export { JobFailedError } from './job-failed-error';
export { JobRecoveryError } from './job-recovery-error';
export { LeaseLostError } from './lease-lost-error';
export { NotFoundError } from './not-found-error';
export { OperatorFailedError } from './operator-failed-error';
export { PolicyDenied } from './policy-denied';
export { ReplayValidationError } from './replay-validation-error';
export { RuntimeTimeoutError } from './runtime-timeout-error';
export { ToolExecutionError } from './tool-execution-error';
export { ToolInterruptedError } from './tool-interrupted-error';
export { ValidationError } from './validation-error';
