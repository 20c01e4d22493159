import { expect, it, vi } from 'vitest';
import { CancelledError } from '../errors/cancelled-error';
import { CancellationToken } from './cancellation-token';

it('starts uncancelled', () => {
  const token = new CancellationToken();
  expect(token.isCancelled).toBe(false);
  expect(token.reason).toBeUndefined();
  expect(() => token.throwIfCancelled()).not.toThrow();
});

it('cancels once with a reason, through its AbortSignal', () => {
  const token = new CancellationToken();
  const onAbort = vi.fn();
  token.signal.addEventListener('abort', onAbort);
  token.cancel('user pressed stop');
  token.cancel('second call is ignored');
  expect(token.isCancelled).toBe(true);
  expect(token.reason).toBe('user pressed stop');
  expect(onAbort).toHaveBeenCalledTimes(1);
  expect(CancelledError.isInstance(token.signal.reason)).toBe(true);
  expect(() => token.throwIfCancelled()).toThrow(CancelledError);
});

it('onCancel runs once, at once when already cancelled, and can unsubscribe', () => {
  const token = new CancellationToken();
  const first = vi.fn();
  const removed = vi.fn();
  token.onCancel(first);
  token.onCancel(removed)();
  token.cancel('why');
  expect(first).toHaveBeenCalledWith('why');
  expect(removed).not.toHaveBeenCalled();
  const late = vi.fn();
  token.onCancel(late);
  expect(late).toHaveBeenCalledWith('why');
});

it('a child is cancelled with its parent, not the other way round', () => {
  const parent = new CancellationToken();
  const child = parent.child();
  const sibling = parent.child();
  sibling.cancel('only me');
  expect(parent.isCancelled).toBe(false);
  expect(child.isCancelled).toBe(false);
  parent.cancel('shutdown');
  expect(child.isCancelled).toBe(true);
  expect(child.reason).toBe('shutdown');
});

it('follows an external AbortSignal', () => {
  const controller = new AbortController();
  const token = new CancellationToken(controller.signal);
  controller.abort(new Error('deadline'));
  expect(token.isCancelled).toBe(true);
  expect(token.reason).toBe('deadline');
});
