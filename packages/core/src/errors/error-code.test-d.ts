import { describe, expectTypeOf, it } from 'vitest';
import { AgentRuntimeError, type SerializedError } from './agent-runtime-error';
import { CancelledError } from './cancelled-error';
import { ErrorCode, isErrorCode, type StoredErrorCode } from './error-code';
import { OperatorFailedError } from './operator-failed-error';
import { RuntimeTimeoutError } from './runtime-timeout-error';
import { ToolExecutionError } from './tool-execution-error';

declare const thrown: unknown;
declare const error: AgentRuntimeError;
declare const serialized: SerializedError;

describe('AgentRuntimeError.code is an ErrorCode', () => {
  it('is the union of the map, and each map entry its own literal', () => {
    expectTypeOf(error.code).toEqualTypeOf<ErrorCode>();
    expectTypeOf(ErrorCode.TIMEOUT).toEqualTypeOf<'TIMEOUT'>();
    expectTypeOf<'MCP_TOOL_TIMEOUT'>().toExtend<ErrorCode>();
  });

  it('a subclass narrows it to its own code, through isInstance too', () => {
    expectTypeOf(new CancelledError().code).toEqualTypeOf<'CANCELLED'>();
    if (RuntimeTimeoutError.isInstance(thrown)) expectTypeOf(thrown.code).toEqualTypeOf<'TIMEOUT'>();
    if (OperatorFailedError.isInstance(thrown)) expectTypeOf(thrown.code).toEqualTypeOf<'OPERATOR_FAILED'>();
  });

  it('a comparison with the map narrows it', () => {
    if (error.code === ErrorCode.LEASE_LOST) expectTypeOf(error.code).toEqualTypeOf<'LEASE_LOST'>();
    switch (error.code) {
      case ErrorCode.CANCELLED:
      case ErrorCode.TIMEOUT:
        expectTypeOf(error.code).toEqualTypeOf<'CANCELLED' | 'TIMEOUT'>();
    }
  });

  it('a misspelt code does not compile', () => {
    // @ts-expect-error there is no code TIMOUT
    // biome-ignore lint/plugin: the misspelt string is what this test is about
    if (error.code === 'TIMOUT') return;
    // @ts-expect-error there is no code TIMOUT in the map either
    expectTypeOf(ErrorCode.TIMOUT).toBeString();
    // @ts-expect-error a new error takes a code of the map only
    new AgentRuntimeError({ name: 'E', code: 'TIMOUT', message: 'm' });
    // @ts-expect-error a subclass passes its own code to the base
    new ToolExecutionError({ toolName: 't', message: 'm', code: 'TOOL_FAILD' });
  });
});

describe('a SerializedError code read back may be one this version does not know', () => {
  it('accepts any string from a record; isErrorCode narrows it to the known codes', () => {
    expectTypeOf(serialized.code).toEqualTypeOf<StoredErrorCode>();
    expectTypeOf<{ name: string; code: string; message: string }>().toExtend<SerializedError>();
    if (isErrorCode(serialized.code)) expectTypeOf(serialized.code).toEqualTypeOf<ErrorCode>();
  });

  it('an AgentRuntimeError serializes to one', () => {
    expectTypeOf(error.toJSON()).toEqualTypeOf<SerializedError>();
  });
});
