// The examples of the README's "Inside a job" and "Where the imports live" sections.
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AgentOperator,
  ChainOperator,
  ConstraintPolicy,
  defineTool,
  ModelPolicy,
  PolicyEngine,
  RuntimeKernel,
  SSEEventAdapter,
  WebhookEventAdapter,
} from './index';

describe('README: inside a job', () => {
  it('policies: constraint and model rules inside a job, an unregistered policyRef runs with the default rules', async () => {
    const model = scriptedModel([{ text: 'Hello!' }]);
    const policyEngine = new PolicyEngine()
      .addRule(
        new ConstraintPolicy({
          maxCostPerRequest: '1.00',
          maxTokensPerRequest: 50_000,
          maxToolCallsPerTurn: 5,
        }),
      )
      .addRule(new ModelPolicy({ modelPatterns: ['gpt-5*'], maxTokensPerRequest: 10_000 }));
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model }), policyEngine });
    const result = await (
      await kernel.execute({
        prompt: 'Hello, world!',
        scopeId: 'tenant-123',
        policyRef: { name: 'production' },
      })
    ).result();
    expect(result).toMatchObject({ status: 'succeeded', content: 'Hello!' });
  });

  it('artifacts', async () => {
    const model = scriptedModel([
      { toolCalls: [{ toolName: 'write_report', input: { title: 'Q3' } }] },
      { text: 'Written.' },
    ]);
    const writeReport = defineTool({
      name: 'write_report',
      description: 'Writes the report',
      inputSchema: z.object({ title: z.string() }),
      async execute({ title }, { createArtifact, updateArtifact }) {
        const draft = await createArtifact({
          name: `${title}.md`,
          mimeType: 'text/markdown',
          content: 'draft',
        });
        await updateArtifact(draft.artifactId, { content: `# ${title}`, metadata: { status: 'final' } });
        return { artifactId: draft.artifactId };
      },
    });
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model, tools: [writeReport] }) });
    const result = await (
      await kernel.execute({ prompt: 'Write the Q3 report', scopeId: 'tenant-123' })
    ).result();
    expect(result.artifacts).toEqual([
      {
        artifactId: expect.any(String),
        name: 'Q3.md',
        mimeType: 'text/markdown',
        content: '# Q3',
        metadata: { status: 'final' },
        version: 2,
      },
    ]);
  });

  it('operators as jobs', async () => {
    const model = scriptedModel([{ text: 'Draft notes.' }]);
    const polishModel = scriptedModel([{ text: 'Polished notes.' }]);
    const kernel = RuntimeKernel.create({ agent: aiSdkDriver({ model: scriptedModel([]) }) });
    const chain = new ChainOperator([
      new AgentOperator({ name: 'draft', prompt: 'Draft: {text}', driver: aiSdkDriver({ model }) }),
      new AgentOperator({
        name: 'polish',
        prompt: 'Polish: {text}',
        driver: aiSdkDriver({ model: polishModel }),
      }),
    ]);
    const run = await kernel.executeOperator(chain, { text: 'release notes' }, { scopeId: 'tenant-123' });
    const result = await run.result();
    expect(result).toMatchObject({ success: true, content: 'Polished notes.', jobId: run.jobId });
    expect(result.usage?.totalTokens).toBe(30);
  });

  it("where the imports live: the kernel's line resolves", () => {
    for (const value of [
      ChainOperator,
      RuntimeKernel,
      SSEEventAdapter,
      WebhookEventAdapter,
      createPostgresStores,
    ])
      expect(value).toBeTypeOf('function');
  });
});
