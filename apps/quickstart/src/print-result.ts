import type { ExecutionResult } from '@agent-runtime/kernel';

/** The lines the quick start prints after each job: status, content or error, usage. */
export function printResult(result: ExecutionResult, write: (text: string) => void): void {
  const { usage } = result;
  write(`  => ${result.status} after ${result.turns} turn(s)\n`);
  if (result.content) write(`  content: ${result.content}\n`);
  if (result.error) write(`  error: ${result.error.name}: ${result.error.message}\n`);
  write(
    `  usage: ${usage.inputTokens} in + ${usage.outputTokens} out = ${usage.totalTokens} tokens, $${usage.totalCost}\n`,
  );
}
