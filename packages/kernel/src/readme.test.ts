import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  InMemoryActionStore,
  InMemoryEventBus,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  InMemorySignalChannel,
  PluginRegistry,
  PolicyEngine,
  RuntimeKernel,
  systemClock,
  ToolPolicy,
} from './index';

describe('README examples', () => {
  it('quick start', async () => {
    const model = scriptedModel([{ text: 'Types guard the gate' }]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }) });

    const handle = await kernel.execute({
      prompt: 'Write a haiku about TypeScript',
      scopeId: 'tenant-123',
      principalId: 'user-456',
    });
    const seen: string[] = [];
    for await (const event of handle.events()) seen.push(event.type);
    const result = await handle.result();
    expect(seen.at(-1)).toBe('final.result');
    expect(result).toMatchObject({ content: 'Types guard the gate', usage: { totalTokens: 15 } });
  });

  it('with budget enforcement', async () => {
    const lookup = defineTool({
      name: 'lookup',
      description: 'l',
      inputSchema: z.object({}),
      execute: () => 'doc',
    });
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'lookup', input: {} }], usage: { inputTokens: 9_000, outputTokens: 2_000 } },
      { text: 'never reached' },
    ]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [lookup] }) });

    const handle = await kernel.execute({
      prompt: 'Analyze this document...',
      scopeId: 'tenant-123',
      budgets: { maxTokens: 10_000, maxCost: '1.00', maxTurns: 5 },
    });
    const result = await handle.result(); // over budget: status 'failed', error.name 'BudgetExceededError'
    expect(result).toMatchObject({ status: 'failed', error: { name: 'BudgetExceededError' } });
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('with human-in-the-loop', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' } }] },
      { text: 'Deployed.' },
    ]);
    const deployChanges = defineTool({
      name: 'deploy_changes',
      description: 'Deploys the pending changes after a human confirms',
      inputSchema: z.object({ environment: z.string() }),
      async execute({ environment }, toolContext) {
        const action = await toolContext.requireAction({
          type: 'confirm',
          payload: { message: 'Deploy to production?' },
          timeoutSeconds: 300,
        });
        if (action.resolution?.approved !== true) return { deployed: false };
        return { deployed: true, environment };
      },
    });

    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [deployChanges] }) });
    const handle = await kernel.execute({ prompt: 'Deploy to production', scopeId: 'tenant-123' });
    for await (const event of handle.events()) {
      if (event.type !== 'action.required') continue;
      const resumeToken = event.data.resumeToken as string;
      await kernel.actions.resolve({ resumeToken, resolution: { approved: true } });
    }
    expect(await handle.result()).toMatchObject({ status: 'succeeded', content: 'Deployed.' });
  });

  it('policy', async () => {
    const model = scriptedModel([{ toolCalls: [{ toolName: 'shell_exec', input: {} }] }, { text: 'ok' }]);
    const shellExec = defineTool({
      name: 'shell_exec',
      description: 's',
      inputSchema: z.object({}),
      execute: () => '',
    });
    const policyEngine = new PolicyEngine()
      .addRule(new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny', reason: 'no shells' }))
      .addRule(new ToolPolicy({ toolPatterns: ['deploy_*'], decision: 'require_approval' }));
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [shellExec] }), policyEngine });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 'tenant-123' });
    const denied = [];
    for await (const event of handle.events())
      if (event.type === 'tool.error') denied.push(event.data.denied);
    expect(denied).toEqual([true]);
  });

  it('every component explicit', async () => {
    const model = scriptedModel([{ text: 'hi' }]);
    const kernel = new RuntimeKernel({
      agent: aiSdkDriver({ model }),
      jobStore: new InMemoryJobStore(), // or PostgresJobStore
      actionStore: new InMemoryActionStore(), // or PostgresActionStore / RedisActionStore
      ledgerWriter: new InMemoryLedgerWriter(), // or PostgresLedgerWriter
      policyEngine: new PolicyEngine(),
      eventBus: new InMemoryEventBus(),
      pluginRegistry: new PluginRegistry(),
      signalChannel: new InMemorySignalChannel(), // or RedisSignalChannel
      clock: systemClock,
      tools: [],
    });
    expect(await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result()).toMatchObject({
      content: 'hi',
    });
    await kernel.shutdown();
  });
});
