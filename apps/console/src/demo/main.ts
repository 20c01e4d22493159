// `pnpm console`: the server and the console on embedded PGlite, the offline demo agent, a few seeded jobs.
import { fileURLToPath } from 'node:url';
import { startConsoleDemo } from './console-demo';

const dataDirFlag = process.argv.indexOf('--data-dir');
const demo = await startConsoleDemo({
  staticDir: fileURLToPath(new URL('../ui', import.meta.url)),
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  dataDir: dataDirFlag >= 0 ? process.argv[dataDirFlag + 1] : undefined,
});

console.log(`agent-runtime console: ${demo.consoleUrl}`);
console.log(`API: ${demo.url}/v1 (OpenAPI at ${demo.url}/openapi.json)`);
console.log(`Demo key (tenant demo-tenant, role admin): ${demo.apiKey}`);
console.log('Offline demo agent: "Deploy the changes" waits for your approval. Ctrl-C stops.');

const stop = async () => {
  await demo.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
