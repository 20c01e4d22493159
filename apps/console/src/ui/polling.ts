import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ApiError } from './api';

export interface Polled<T> {
  data: Signal<T | undefined>;
  error: Signal<string | undefined>;
  /** Reads now (after an action the page took). */
  refresh(): Promise<void>;
}

/** Reads `load()` now and every `intervalMs` while the component is mounted: how lists stay live. */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[] = []): Polled<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const state = { refresh: async () => {} };
  state.refresh = async () => {
    try {
      data.value = await load();
      error.value = undefined;
    } catch (cause) {
      error.value = cause instanceof ApiError ? `${cause.code}: ${cause.message}` : String(cause);
    }
  };
  useEffect(() => {
    void state.refresh();
    const timer = setInterval(() => void state.refresh(), intervalMs);
    return () => clearInterval(timer);
  }, deps);
  return { data, error, refresh: () => state.refresh() };
}
