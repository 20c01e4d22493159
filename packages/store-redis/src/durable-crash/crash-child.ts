// A kernel in a process of its own for the crash tests: it reports on stdout, one JSON object a line, what it
// does (every event of the job it runs, every tool run, the job's result), so the test can SIGKILL it at a
// chosen point. argv[2]: `{ config: CrashKernelConfig, execute?: ExecutionRequest }`. Without `execute`, it
// starts the kernel (recovery sweep and wake-ups) and reports the results of the jobs it resumes.
import type { ExecutionRequest } from '@agent-runtime/kernel';
import { type CrashKernelConfig, crashKernel } from './crash-kernel';

const { config, execute } = JSON.parse(process.argv[2] ?? '{}') as {
  config: CrashKernelConfig;
  execute?: ExecutionRequest;
};
const report = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const { kernel, model } = crashKernel(config, (run) => report({ toolRun: run }));

if (execute) {
  const handle = await kernel.execute(execute);
  report({ jobId: handle.jobId });
  for await (const event of handle.events()) report({ event: event.type, data: event.data });
  report({ result: await handle.result(), modelCalls: model.doStreamCalls.length });
} else {
  await kernel.start();
  report({ started: true });
  void kernel.events.subscribe((event) => {
    report({ event: event.type, jobId: event.jobId, data: event.data });
    if (event.type === 'final.result' || event.type === 'final.error')
      report({ ended: event.jobId, modelCalls: model.doStreamCalls.length });
  });
  setInterval(() => {}, 60_000); // stay alive until the test kills this process
}
