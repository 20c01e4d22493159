/**
 * The one job every row of the kernel-overhead benchmark runs: a prompt, one call of `get_weather`, then a
 * streamed reply of 50 word-sized tokens. Every row checks it got exactly this reply.
 */
export const PROMPT = 'What is the weather in Paris? Answer in one paragraph.';
export const TOOL_NAME = 'get_weather';
export const TOOL_DESCRIPTION = 'Current weather of a city';
export const TOOL_INPUT = { city: 'Paris' } as const;
export const REPLY_TOKENS = 50;
/** 50 word-sized deltas; the model streams them one by one. */
export const REPLY_DELTAS: readonly string[] = Array.from(
  { length: REPLY_TOKENS },
  (_, i) => `${i === 0 ? 'Paris' : `word${i}`}${i === REPLY_TOKENS - 1 ? '.' : ' '}`,
);
export const REPLY = REPLY_DELTAS.join('');
export const USAGE = { inputTokens: 40, outputTokens: REPLY_TOKENS } as const;

let toolRuns = 0;

/** What the tool returns (the same plain object for every runtime); counts its runs. */
export function weatherOf({ city }: { city: string }): { city: string; tempC: number; sky: string } {
  toolRuns++;
  return { city, tempC: 21, sky: 'clear' };
}

/**
 * Runs one job and throws unless it ran the tool exactly once and returned the scripted reply: a row that
 * skipped the tool (or failed it, which the model would still answer) measures nothing.
 */
export async function checkedJob(row: string, job: () => Promise<string | undefined>): Promise<void> {
  const before = toolRuns;
  const text = await job();
  if (toolRuns !== before + 1) throw new Error(`${row}: the tool ran ${toolRuns - before} times, not once`);
  if (text !== REPLY) throw new Error(`${row}: unexpected reply ${JSON.stringify(text?.slice(0, 80))}`);
}
