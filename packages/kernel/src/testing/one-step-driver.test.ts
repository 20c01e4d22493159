import { expect, it } from 'vitest';
import { RuntimeKernel } from '../runtime-kernel';
import { collect } from '../test-helpers';
import { oneStepDriver } from './one-step-driver';

it('oneStepDriver answers text(prompt) in one step, reported as the given model', async () => {
  const model = { provider: 'offline', modelId: 'echo' };
  const kernel = RuntimeKernel.create({ agent: oneStepDriver((prompt) => `Done: ${prompt}`, model) });
  try {
    const handle = await kernel.execute({ prompt: 'task 1', scopeId: 's' });
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Done: task 1', turns: 1 });
    const started = (await collect(await kernel.attach(handle.jobId))).find((e) => e.type === 'job.started');
    expect(started?.data).toMatchObject({ provider: 'offline', model: 'echo' });
  } finally {
    await kernel.shutdown();
  }
});

it('oneStepDriver defaults to the test model and a fixed answer', async () => {
  const kernel = RuntimeKernel.create({ agent: oneStepDriver('ok') });
  try {
    expect(oneStepDriver('ok').model).toEqual({ provider: 'test', modelId: 'one-step' });
    const handle = await kernel.execute({ prompt: 'anything', scopeId: 's' });
    expect(await handle.result()).toMatchObject({ content: 'ok' });
  } finally {
    await kernel.shutdown();
  }
});
