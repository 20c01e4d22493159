import { runQuickstart } from './quickstart';

try {
  await runQuickstart({
    env: process.env,
    argv: process.argv.slice(2),
    input: process.stdin,
    output: process.stdout,
  });
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`${name}: ${message}\n`);
  process.exitCode = 1;
}
