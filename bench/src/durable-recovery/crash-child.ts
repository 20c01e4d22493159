// A kernel process for durable-recovery: starts one job whose second model step streams slowly, prints
// `{"jobId":…}` once step 2 streams (step 1 and its tool result are checkpointed), and waits to be SIGKILLed.
import { type DurableConfig, postgresKernel, TWO_STEPS } from './postgres-kernel';

const config = JSON.parse(process.argv[2] ?? '{}') as DurableConfig;
const { kernel } = postgresKernel(config, TWO_STEPS, { chunkDelayMs: 200 });
const handle = await kernel.execute({ prompt: 'look k up', scopeId: 'bench' });
for await (const event of handle.events()) {
  if (event.type === 'model.token' && event.data.step === 2) {
    process.stdout.write(`${JSON.stringify({ jobId: handle.jobId })}\n`);
    break;
  }
}
// keeps streaming step 2 (and renewing the lease) until the kill
setInterval(() => {}, 1_000);
