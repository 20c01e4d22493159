// Starts a kernel, runs one job, and returns without shutting down: the process must still exit on its own,
// since the kernel's background timers are unref'ed.
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { RuntimeKernel } from '../../index';

const kernel = RuntimeKernel.create({
  agent: aiSdkDriver({ model: scriptedModel([{ text: 'hi' }]), middleware: 'none' }),
  heartbeatSeconds: 1,
  leaseSeconds: 3,
  sweepIntervalSeconds: 1,
});
await kernel.start();
const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
process.stdout.write(`${result.status}\n`);
