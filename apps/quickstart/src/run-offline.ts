// Test support: runs the quick start offline (no OPENAI_API_KEY) and returns what it printed.
import { PassThrough } from 'node:stream';
import { runQuickstart } from './quickstart';

export async function runOffline(
  argv: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<string> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  await runQuickstart({ env, argv, input: new PassThrough(), output });
  return text;
}

/** The number the quick start prints last: how many jobs of its scope the store holds. */
export function storedJobs(text: string): number {
  const match = /^Jobs of tenant-123 in the store: (\d+)$/m.exec(text);
  if (!match) throw new Error(`no stored-jobs line in:\n${text}`);
  return Number(match[1]);
}
