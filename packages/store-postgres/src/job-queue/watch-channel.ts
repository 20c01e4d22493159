import type { StopWatching } from '@agent-runtime/jobs';
import type { Listen, Unlisten } from '../event-log/notifications';

/** How long a lost LISTEN connection waits before it is opened again. */
const RETRY_MS = 1_000;

/**
 * LISTENs on `channel` until stopped, calling `onNotify` for each notification. A lost connection (or one that
 * could not open) is opened again after a pause; `onNotify` is then called once, since notifications sent
 * while nobody listened are gone.
 */
export async function watchChannel(
  listen: Listen,
  channel: string,
  onNotify: () => void,
): Promise<StopWatching> {
  let stopped = false;
  let unlisten: Unlisten | undefined;
  let timer: NodeJS.Timeout | undefined;
  const open = async (): Promise<boolean> => {
    try {
      const opened = await listen(channel, () => onNotify(), reopenLater);
      if (stopped) await opened().catch(() => {});
      else unlisten = opened;
      return !stopped;
    } catch {
      reopenLater();
      return false;
    }
  };
  function reopenLater(): void {
    unlisten = undefined;
    if (stopped) return;
    timer = setTimeout(() => void open().then((ok) => ok && onNotify()), RETRY_MS);
    timer.unref();
  }
  await open();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await unlisten?.().catch(() => {});
  };
}
