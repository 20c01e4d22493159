import {
  type Clock,
  type EventBus,
  type EventSubscription,
  type RuntimeEvent,
  redactForExport,
  systemClock,
} from '@agent-runtime/core';
import { fingerprintOf } from './event-fingerprint';
import type { ModelResponse } from './model-response';
import type { RecordedEvent } from './recorded-event';
import { Recording } from './recording';
import type { RunMetadata } from './run-metadata';

interface StepDeltas {
  text: string[];
  reasoning: string[];
}

/**
 * Records every event on a bus between `start()` and `stop()`, with fingerprints, timing, and the model's
 * response per step (assembled from `model.token` / `model.reasoning` deltas and `model.done`), so the run can
 * be re-executed offline.
 */
export class ReplayRecorder {
  private readonly clock: Clock;
  private readonly events: RecordedEvent[] = [];
  private readonly deltas = new Map<string, StepDeltas>();
  private subscription: EventSubscription | undefined;
  private initialInput: Record<string, unknown> = {};
  private startedAt = 0;

  constructor(
    private readonly eventBus: EventBus,
    private readonly metadata: RunMetadata,
    options: { clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async start({ initialInput }: { initialInput: Record<string, unknown> }): Promise<void> {
    if (this.subscription) return;
    this.initialInput = structuredClone(initialInput);
    this.startedAt = this.clock.now();
    // A recording leaves the process like any export: resume tokens are redacted.
    this.subscription = await this.eventBus.subscribe((event) => this.record(redactForExport(event)));
  }

  /** Stops recording (after the bus delivered what was published, when it can tell) and returns the recording. */
  async stop(): Promise<Recording> {
    const bus = this.eventBus as EventBus & { drain?: () => Promise<void> };
    await bus.drain?.();
    await this.subscription?.unsubscribe();
    this.subscription = undefined;
    return new Recording(this.metadata, this.initialInput, [...this.events]);
  }

  private record(event: RuntimeEvent): void {
    const previous = this.events.at(-1)?.relativeTimestampMs ?? 0;
    const relativeTimestampMs = Math.max(previous, event.timestamp - this.startedAt, 0);
    const modelResponse = event.type === 'model.done' ? this.responseOf(event) : undefined;
    this.collectDelta(event);
    this.events.push({
      event,
      fingerprint: fingerprintOf(event),
      relativeTimestampMs,
      ...(modelResponse && { modelResponse }),
    });
  }

  private collectDelta(event: RuntimeEvent): void {
    if (event.type !== 'model.token' && event.type !== 'model.reasoning') return;
    const deltas = this.stepDeltas(event);
    (event.type === 'model.token' ? deltas.text : deltas.reasoning).push(String(event.data.delta));
  }

  private responseOf(event: RuntimeEvent): ModelResponse {
    const data = event.data as Omit<ModelResponse, 'textDeltas' | 'reasoningDeltas'>;
    const deltas = this.stepDeltas(event);
    this.deltas.delete(`${event.jobId}:${String(event.data.step)}`);
    return {
      step: data.step,
      provider: data.provider,
      model: data.model,
      text: data.text,
      ...(data.reasoning !== undefined && { reasoning: data.reasoning }),
      textDeltas: deltas.text.length ? deltas.text : data.text ? [data.text] : [],
      reasoningDeltas: deltas.reasoning,
      toolCalls: data.toolCalls,
      finishReason: data.finishReason,
      usage: data.usage,
      ...(data.cost !== undefined && { cost: data.cost }),
    };
  }

  private stepDeltas(event: RuntimeEvent): StepDeltas {
    const key = `${event.jobId}:${String(event.data.step)}`;
    const deltas = this.deltas.get(key) ?? { text: [], reasoning: [] };
    this.deltas.set(key, deltas);
    return deltas;
  }
}
