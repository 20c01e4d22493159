import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, ModelPolicy, PolicyEngine } from './index';
import { scriptedKernel, waitForEvent } from './test-helpers';

describe('a duplicate execute() of a job that ended', () => {
  it('returns the original error of a failed job (name, code, message), not a generic one', async () => {
    const policyEngine = new PolicyEngine().addRule(
      new ModelPolicy({ modelPatterns: ['gpt-5*'], decision: 'deny', reason: 'no gpt-5 here' }),
    );
    const { kernel } = scriptedKernel([{ text: 'never' }], { kernel: { policyEngine } });
    const request = { prompt: 'p', scopeId: 's', idempotencyKey: 'denied-1' };
    const first = await (await kernel.execute(request)).result();
    expect(first.error).toMatchObject({ name: 'PolicyDenied', code: 'POLICY_DENIED' });
    const duplicate = await (await kernel.execute(request)).result();
    expect(duplicate.jobId).toBe(first.jobId);
    expect(duplicate.error).toEqual(first.error);
  });

  it('returns the cancellation error of a cancelled job', async () => {
    const wait = defineTool({
      name: 'wait',
      description: 'waits',
      inputSchema: z.object({}),
      execute: (_input, { signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const { kernel } = scriptedKernel([{ toolCalls: [{ toolName: 'wait', input: {} }] }], {
      kernel: { tools: [wait] },
    });
    const request = { prompt: 'p', scopeId: 's', idempotencyKey: 'cancelled-1' };
    const handle = await kernel.execute(request);
    await waitForEvent(handle, 'tool.start');
    await handle.cancel('user pressed stop');
    const first = await handle.result();
    expect(first).toMatchObject({
      status: 'cancelled',
      error: { name: 'CancelledError', code: 'CANCELLED' },
    });
    const duplicate = await (await kernel.execute(request)).result();
    expect(duplicate.error).toEqual(first.error);
  });
});
