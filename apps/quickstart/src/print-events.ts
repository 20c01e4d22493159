import type { AnyRuntimeEvent, RuntimeEventData } from '@agent-runtime/kernel';

/**
 * Prints a job's events as they arrive (model tokens inline, every other event on its own line) and hands
 * each to `onEvent`, which may act on it (answer an approval) before the next one is printed, or return
 * `'stop'` to stop following the job there.
 */
export async function printEvents(
  events: AsyncIterable<AnyRuntimeEvent>,
  write: (text: string) => void,
  onEvent: (event: AnyRuntimeEvent) => Promise<'stop' | undefined> = async () => undefined,
): Promise<void> {
  let inText = false;
  for await (const event of events) {
    if (event.type === 'model.token') {
      if (!inText) write('  ');
      write(event.data.delta);
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
function summary(event: AnyRuntimeEvent): string {
  const text = JSON.stringify(event.type === 'action.required' ? withoutResumeToken(event.data) : event.data);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function withoutResumeToken({ resumeToken: _secret, ...data }: RuntimeEventData<'action.required'>) {
  return data;
}
