import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ActionManager } from './action-manager';
import { InMemoryActionStore } from './in-memory-action-store';

describe('ActionManager: an action id that cannot name an action', () => {
  it.each([
    ['a Symbol', Symbol('s')],
    ['an object', { id: 1 }],
    ['over 255 characters', 'a'.repeat(256)],
    ['with a lone surrogate', 'a\ud800'],
  ])('%s is a ValidationError naming actionId', async (_what, actionId) => {
    const manager = new ActionManager(new InMemoryActionStore());
    const calls = [
      () => manager.cancel(actionId as never),
      () => manager.resolveAction(actionId as never),
      () => manager.waitForResolution(actionId as never, { timeoutSeconds: 1 }),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(ValidationError.isInstance(error) && error.field).toBe('actionId');
    }
  });
});
