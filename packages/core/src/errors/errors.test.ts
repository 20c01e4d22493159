import { describe, expect, it, vi } from 'vitest';
import {
  ActionCancelledError,
  ActionExpiredError,
  ActionRequiredError,
  AgentRuntimeError,
  BudgetExceededError,
  CancelledError,
  ConcurrentModificationError,
  ErrorCode,
  InternalError,
  InvalidTransitionError,
  isErrorCode,
  JobFailedError,
  JobRecoveryError,
  LeaseLostError,
  NotFoundError,
  OperatorFailedError,
  PolicyDenied,
  ReplayValidationError,
  RuntimeTimeoutError,
  serializeError,
  ToolExecutionError,
  ToolInterruptedError,
  ValidationError,
} from './index';

const cases = [
  [new ValidationError({ field: 'a.b', message: 'a.b: bad' }), ValidationError, 'VALIDATION_ERROR'],
  [new NotFoundError({ resource: 'job', id: 'j1' }), NotFoundError, 'NOT_FOUND'],
  [
    new InvalidTransitionError({ entity: 'job', id: 'j1', from: 'queued', to: 'succeeded' }),
    InvalidTransitionError,
    'INVALID_TRANSITION',
  ],
  [
    new ConcurrentModificationError({ resource: 'job', id: 'j1', expectedVersion: 1, actualVersion: 2 }),
    ConcurrentModificationError,
    'CONCURRENT_MODIFICATION',
  ],
  [new PolicyDenied({ reason: 'no', violations: ['r1'] }), PolicyDenied, 'POLICY_DENIED'],
  [
    new BudgetExceededError({ limit: 'maxTokens', limitValue: 10, usage: 12 }),
    BudgetExceededError,
    'BUDGET_EXCEEDED',
  ],
  [new ActionRequiredError({ type: 'confirm' }), ActionRequiredError, 'ACTION_REQUIRED'],
  [new ActionExpiredError({ actionId: 'a1' }), ActionExpiredError, 'ACTION_EXPIRED'],
  [new ActionCancelledError({ actionId: 'a1', reason: 'user' }), ActionCancelledError, 'ACTION_CANCELLED'],
  [new CancelledError({ reason: 'stop' }), CancelledError, 'CANCELLED'],
  [new RuntimeTimeoutError({ message: 'late', timeoutMs: 5 }), RuntimeTimeoutError, 'TIMEOUT'],
  [
    new ToolExecutionError({ toolName: 'search', message: 'index offline' }),
    ToolExecutionError,
    'TOOL_EXECUTION_FAILED',
  ],
  [
    new ReplayValidationError({ problem: 'checksum', message: 'tampered' }),
    ReplayValidationError,
    'REPLAY_VALIDATION',
  ],
  [new LeaseLostError({ jobId: 'j1', leaseOwner: 'w1' }), LeaseLostError, 'LEASE_LOST'],
  [new JobRecoveryError({ jobId: 'j1', recoveries: 4 }), JobRecoveryError, 'JOB_RECOVERY_FAILED'],
  [
    new ToolInterruptedError({ toolCallId: 'c1', toolName: 'deploy' }),
    ToolInterruptedError,
    'TOOL_INTERRUPTED',
  ],
  [new JobFailedError({ jobId: 'j1', message: 'bad input' }), JobFailedError, 'JOB_FAILED'],
  [new OperatorFailedError({ operatorName: 'chain' }), OperatorFailedError, 'OPERATOR_FAILED'],
  [new InternalError({ message: 'invariant broken' }), InternalError, 'INTERNAL_ERROR'],
] as const;

describe('errors', () => {
  it.each(cases)('%s has a stable code, name and marker', (error, Class, code) => {
    expect(error.code).toBe(code);
    expect(error.name).toBe(Class.name);
    expect(error).toBeInstanceOf(Error);
    expect(Class.isInstance(error)).toBe(true);
    expect(AgentRuntimeError.isInstance(error)).toBe(true);
    expect(error.toJSON()).toEqual({ name: Class.name, code, message: error.message });
  });

  it('isInstance tells the subclasses apart', () => {
    const notFound = new NotFoundError({ resource: 'job', id: 'x' });
    expect(ValidationError.isInstance(notFound)).toBe(false);
    expect(NotFoundError.isInstance(new Error('x'))).toBe(false);
    expect(AgentRuntimeError.isInstance(null)).toBe(false);
    expect(AgentRuntimeError.isInstance('NOT_FOUND')).toBe(false);
  });

  it('isInstance works across duplicate copies of the package', async () => {
    vi.resetModules();
    const specifier = './validation-error?copy'; // a query makes the module load a second time
    const copy: typeof import('./validation-error') = await import(/* @vite-ignore */ specifier);
    const foreign = new copy.ValidationError({ field: 'f', message: 'm' });
    expect(copy.ValidationError).not.toBe(ValidationError);
    expect(foreign).not.toBeInstanceOf(ValidationError);
    expect(ValidationError.isInstance(foreign)).toBe(true);
    expect(AgentRuntimeError.isInstance(foreign)).toBe(true);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket closed');
    expect(new NotFoundError({ resource: 'job', id: 'x', cause }).cause).toBe(cause);
  });

  it('serializes any thrown value', () => {
    expect(serializeError(new PolicyDenied({ reason: 'nope' }))).toEqual({
      name: 'PolicyDenied',
      code: 'POLICY_DENIED',
      message: 'nope',
    });
    expect(serializeError(new TypeError('bad'))).toEqual({
      name: 'TypeError',
      code: 'INTERNAL_ERROR',
      message: 'bad',
    });
    expect(serializeError('boom')).toEqual({ name: 'Error', code: 'INTERNAL_ERROR', message: 'boom' });
  });

  it('ErrorCode values are the codes on the wire: each is its own key', () => {
    for (const [key, value] of Object.entries(ErrorCode)) expect(value).toBe(key);
  });

  it('isErrorCode knows the codes of this version, and nothing else', () => {
    expect(isErrorCode(ErrorCode.MCP_TOOL_TIMEOUT)).toBe(true);
    expect(isErrorCode('FROM_A_NEWER_VERSION')).toBe(false);
    expect(isErrorCode('timeout')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it('an operator failure without a message says which operator failed', () => {
    const error = new OperatorFailedError({ operatorName: 'review' });
    expect([error.operatorName, error.message]).toEqual(['review', 'review failed']);
  });

  it('budget errors name the limit, its value and the usage', () => {
    const error = new BudgetExceededError({ limit: 'maxCost', limitValue: '1.00', usage: '1.20' });
    expect([error.limit, error.limitValue, error.usage]).toEqual(['maxCost', '1.00', '1.20']);
    expect(error.message).toBe('budget maxCost exceeded: 1.20 of 1.00');
  });
});
