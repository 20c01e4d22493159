import { RuntimeEvent, type RuntimeEventType } from '@agent-runtime/core';
import { fingerprintOf } from '../event-fingerprint';
import type { ModelResponse } from '../model-response';
import type { RecordedEvent } from '../recorded-event';
import { Recording } from '../recording';
import { RunMetadata } from '../run-metadata';

const usage = { inputTokens: 10, outputTokens: 4, totalTokens: 14 };
const response: ModelResponse = {
  step: 0,
  provider: 'mock',
  model: 'mock-model',
  text: 'Hi there',
  textDeltas: ['Hi', ' there'],
  reasoningDeltas: [],
  toolCalls: [],
  finishReason: 'stop',
  usage,
  cost: '0.001',
};

/** A small, valid recording: one job, one step, events 100 ms apart. */
export function sampleRecording(): Recording {
  const types: [RuntimeEventType, Record<string, unknown>][] = [
    ['job.started', { prompt: 'Hello' }],
    ['model.token', { step: 0, delta: 'Hi' }],
    ['model.token', { step: 0, delta: ' there' }],
    ['model.done', { ...response, durationMs: 5 }],
    ['job.completed', {}],
    ['final.result', { content: 'Hi there', usage: { ...usage, totalCost: '0.001' }, turns: 1 }],
  ];
  const events: RecordedEvent[] = types.map(([type, data], i) => {
    const event = RuntimeEvent.fromJSON({
      type,
      jobId: 'job-1',
      scopeId: 'tenant-1',
      timestamp: 1_000 + i * 100,
      data,
    });
    return {
      event,
      fingerprint: fingerprintOf(event),
      relativeTimestampMs: i * 100,
      ...(type === 'model.done' && { modelResponse: response }),
    };
  });
  const metadata = RunMetadata.create({
    runtimeVersion: '0.1.0',
    config: { maxTurns: 3 },
    tools: ['b', 'a'],
    createdAt: 1,
  });
  return new Recording(metadata, { prompt: 'Hello', scopeId: 'tenant-1' }, events);
}
