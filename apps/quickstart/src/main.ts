import { runQuickstart } from './quickstart';

await runQuickstart({
  env: process.env,
  argv: process.argv.slice(2),
  input: process.stdin,
  output: process.stdout,
});
