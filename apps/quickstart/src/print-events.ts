import type { RuntimeEvent } from '@agent-runtime/kernel';

/**
 * Prints a job's events as they arrive (model tokens inline, every other event on its own line) and hands
 * each to `onEvent`, which may act on it (answer an approval) before the next one is printed, or return
 * `'stop'` to stop following the job there.
 */
export async function printEvents(
  events: AsyncIterable<RuntimeEvent>,
  write: (text: string) => void,
  onEvent: (event: RuntimeEvent) => Promise<'stop' | undefined> = async () => undefined,
): Promise<void> {
  let inText = false;
  for await (const event of events) {
    if (event.type === 'model.token') {
      if (!inText) write('  ');
      write(String(event.data.delta));
      inText = true;
      continue;
    }
    if (inText) write('\n');
    inText = false;
    write(`  [${event.type}] ${summary(event)}\n`);
    if ((await onEvent(event)) === 'stop') return;
  }
}

/** The event's data as one short line, without the resume token (a secret for whoever resolves the action). */
function summary(event: RuntimeEvent): string {
  const { resumeToken: _secret, ...data } = event.data as Record<string, unknown>;
  const text = JSON.stringify(data);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
