import { signal } from '@preact/signals';

const STORAGE_KEY = 'agent-runtime.apiKey';

/**
 * The API key, entered once per browser tab (sessionStorage) or handed over in the URL hash as `#key=<key>`
 * (what `pnpm console` prints); the hash is cleared at once so the key does not stay in the address bar.
 */
export const apiKey = signal<string | undefined>(sessionStorage.getItem(STORAGE_KEY) ?? undefined);

export function setApiKey(key: string | undefined): void {
  if (key) sessionStorage.setItem(STORAGE_KEY, key);
  else sessionStorage.removeItem(STORAGE_KEY);
  apiKey.value = key;
}

/** Takes `key=<key>` out of the location hash, if present. */
export function adoptKeyFromHash(): void {
  const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  setApiKey(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/jobs`);
}
