// Test support (not exported): stores a kernel loses all at once, as when its process dies.

/** Wraps stores so that after `sever()` every call hangs: what a dead process can no longer do. */
export function severable() {
  let severed = false;
  return {
    wrap<T extends object>(store: T): T {
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) =>
            severed ? new Promise(() => {}) : (value as (...a: unknown[]) => unknown).apply(target, args);
        },
      });
    },
    sever(): void {
      severed = true;
    },
  };
}
