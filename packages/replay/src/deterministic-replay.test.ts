import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { defineTool, type RuntimeTool, ValidationError } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Recording,
  ReplayMode,
  ReplayPlayer,
  type ReplayPlayerOptions,
  ReplayRecorder,
  RunMetadata,
  type RunMetadataInput,
} from './index';

const request = {
  prompt: 'Look up the release branch and deploy it',
  scopeId: 'tenant-1',
  principalId: 'user-1',
};

function tools(releaseBranch: string): RuntimeTool[] {
  return [
    defineTool({
      name: 'lookup_release',
      description: 'Finds the branch to release',
      inputSchema: z.object({ product: z.string() }),
      execute: ({ product }) => ({ product, branch: releaseBranch }),
    }),
    defineTool({
      name: 'deploy_changes',
      description: 'Deploys a branch to production after approval',
      inputSchema: z.object({ branch: z.string() }),
      async execute({ branch }, { requireAction }) {
        const action = await requireAction({ type: 'approval', payload: { message: `Deploy ${branch}?` } });
        return { branch, deployed: action.resolution?.approved === true };
      },
    }),
  ];
}

const steps = [
  {
    reasoning: 'Find the branch first.',
    toolCalls: [{ toolName: 'lookup_release', input: { product: 'web' } }],
  },
  { text: 'Deploying.', toolCalls: [{ toolName: 'deploy_changes', input: { branch: 'release-7' } }] },
  { text: 'Deployed release-7 to production.' },
];

/** Runs the job on a kernel with the scripted AI SDK model, approving the deploy from "outside". */
async function recordRun({
  initialInput = request as Record<string, unknown>,
  metadataInput = {} as Partial<RunMetadataInput>,
} = {}) {
  const kernel = RuntimeKernel.create({ agent: scriptedDriver(steps), tools: tools('release-7') });
  const metadata = RunMetadata.create({
    runtimeVersion: '0.1.0',
    modelVersion: 'mock-model',
    config: { maxTurns: 10 },
    tools: ['lookup_release', 'deploy_changes'],
    ...metadataInput,
  });
  const recorder = new ReplayRecorder(kernel.events, metadata);
  await recorder.start({ initialInput });
  const handle = await kernel.execute(request);
  const resumeTokens: string[] = [];
  for await (const event of handle.events()) {
    if (event.type !== 'action.required') continue;
    resumeTokens.push(event.data.resumeToken);
    await kernel.actions.resolve({
      resumeToken: event.data.resumeToken,
      resolution: { approved: true },
    });
  }
  const result = await handle.result();
  const recording = await recorder.stop();
  await kernel.shutdown();
  return { recording, result, resumeTokens };
}

function replayWith(recording: Recording, releaseBranch: string, options: ReplayPlayerOptions = {}) {
  const replayed: string[] = [];
  const bus = new InMemoryEventBus();
  void bus.subscribe((event) => {
    replayed.push(event.type);
  });
  const player = new ReplayPlayer(recording, bus, {
    runtime: (agent) => RuntimeKernel.create({ agent, tools: tools(releaseBranch) }),
    ...options,
  });
  return { player, replayed };
}

describe('deterministic replay of a kernel run', () => {
  it('record → save → load → replay matches every event, the replay driver serving the recorded responses', async () => {
    const { recording, result, resumeTokens } = await recordRun();
    expect(result).toMatchObject({ status: 'succeeded', content: 'Deployed release-7 to production.' });
    const types = recording.events.map((e) => e.event.type);
    expect(types).toEqual(
      expect.arrayContaining(['tool.start', 'tool.end', 'action.required', 'action.resolved']),
    );
    expect(recording.modelResponses).toHaveLength(3);
    expect(resumeTokens).toHaveLength(1);
    expect(JSON.stringify(recording)).not.toContain(resumeTokens[0]);

    const path = join(mkdtempSync(join(tmpdir(), 'replay-')), 'execution.replay.json');
    await recording.save(path);
    const loaded = await Recording.load(path);
    const { player } = replayWith(loaded, 'release-7');
    expect(await player.validateRecording()).toEqual({ valid: true, issues: [] });

    const replay = await player.replay({ mode: ReplayMode.DETERMINISTIC });
    expect(replay.divergence).toBeUndefined();
    expect(replay.matchRate).toBe(1);
    expect(replay.matched).toBe(replay.totalEvents);
    expect(replay.eventsReplayed).toBe(replay.totalEvents);
    expect(replay.totalEvents).toBeGreaterThan(15);
  });

  it('a changed tool output shows up as a divergence at that tool’s tool.end', async () => {
    const { recording } = await recordRun();
    const { player } = replayWith(recording, 'release-8');
    const replay = await player.replay({ mode: ReplayMode.DETERMINISTIC });
    const expectedIndex = recording.events
      .filter((e) => e.event.jobId)
      .findIndex((e) => e.event.type === 'tool.end');
    expect(replay.divergence?.index).toBe(expectedIndex);
    expect(replay.matched).toBe(expectedIndex);
    expect(replay.divergence?.expected?.event.data).toMatchObject({
      toolName: 'lookup_release',
      output: { branch: 'release-7' },
    });
    expect(replay.divergence?.actual?.event.data).toMatchObject({
      toolName: 'lookup_release',
      output: { branch: 'release-8' },
    });
    expect(replay.matchRate).toBeLessThan(1);
  });

  it('publishes the re-executed events on the player’s bus', async () => {
    const { recording } = await recordRun();
    const { player, replayed } = replayWith(recording, 'release-7');
    await player.replay({ mode: ReplayMode.DETERMINISTIC });
    await new Promise((r) => setTimeout(r, 10));
    expect(replayed).toEqual(recording.events.filter((e) => e.event.jobId).map((e) => e.event.type));
  });

  it('needs a runtime for deterministic mode', async () => {
    const { recording } = await recordRun();
    const player = new ReplayPlayer(recording, new InMemoryEventBus());
    await expect(player.replay({ mode: ReplayMode.DETERMINISTIC })).rejects.toThrow(/runtime/);
  });

  it('a missing runtime is a ValidationError naming options.runtime and saying what to pass', async () => {
    const { recording } = await recordRun();
    const player = new ReplayPlayer(recording, new InMemoryEventBus());
    const error = await player.replay({ mode: ReplayMode.DETERMINISTIC }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'options.runtime' });
    expect((error as Error).message).toContain('runtime: (agent) => RuntimeKernel.create({ agent, tools })');
  });

  it('a prompt-only initial input replays with the scope and principal of the recorded job', async () => {
    const { recording } = await recordRun({ initialInput: { prompt: request.prompt } });
    expect(recording.initialInput).toEqual({ prompt: request.prompt });
    const { player } = replayWith(recording, 'release-7');
    const replay = await player.replay({ mode: ReplayMode.DETERMINISTIC });
    expect(replay.divergence).toBeUndefined();
    expect(replay.matchRate).toBe(1);
    const started = recording.events.find((e) => e.event.type === 'job.started')!.event;
    expect(started).toMatchObject({ scopeId: 'tenant-1', principalId: 'user-1' });
  });

  it('records the model the job ran on when the metadata names none', async () => {
    const { recording } = await recordRun({ metadataInput: { modelVersion: undefined } });
    expect(recording.metadata.modelVersion).toBe('scripted-model');
  });

  it('reports a changed tool or runtime version beside the divergence it explains', async () => {
    const { recording } = await recordRun({
      metadataInput: { toolVersions: { lookup_release: '1.0.0', deploy_changes: '1.0.0' } },
    });
    const loaded = Recording.fromJSON(JSON.parse(JSON.stringify(recording)));
    expect(loaded.metadata.toolVersions).toEqual({ lookup_release: '1.0.0', deploy_changes: '1.0.0' });
    const { player } = replayWith(loaded, 'release-8', {
      versions: {
        runtimeVersion: '0.2.0',
        modelVersion: 'mock-model',
        toolVersions: { lookup_release: '2.0.0', deploy_changes: '1.0.0' },
      },
    });
    const replay = await player.replay({ mode: ReplayMode.DETERMINISTIC });
    expect(replay.divergence?.expected?.event.data).toMatchObject({ toolName: 'lookup_release' });
    expect(replay.versionChanges).toEqual([
      { name: 'runtimeVersion', recorded: '0.1.0', current: '0.2.0' },
      { name: 'tool:lookup_release', recorded: '1.0.0', current: '2.0.0' },
    ]);
    const same = await replayWith(loaded, 'release-7', {
      versions: { runtimeVersion: '0.1.0', toolVersions: { lookup_release: '1.0.0' } },
    }).player.replay({ mode: ReplayMode.DETERMINISTIC });
    expect(same.divergence).toBeUndefined();
    expect(same.versionChanges).toBeUndefined();
  });
});
