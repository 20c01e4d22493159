import {
  type AnyRuntimeEvent,
  type Clock,
  type EventBus,
  type EventSubscription,
  ExportLosses,
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

export interface ReplayRecorderOptions {
  /** @default systemClock */
  clock?: Clock;
  /** Told once per outage about events the bus dropped for the recorder (its queue was full). @default console */
  logger?: Pick<Console, 'warn'>;
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
  private readonly losses: ExportLosses;

  constructor(
    private readonly eventBus: EventBus,
    private readonly metadata: RunMetadata,
    options: ReplayRecorderOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    const logger = options.logger ?? console;
    this.losses = new ExportLosses((message) => logger.warn(`replay recorder: ${message}`));
  }

  /** Events the bus dropped for the recorder (its queue was full): the recording misses them. */
  get dropped(): number {
    return this.losses.count;
  }

  async start({ initialInput }: { initialInput: Record<string, unknown> }): Promise<void> {
    if (this.subscription) return;
    this.initialInput = structuredClone(initialInput);
    this.startedAt = this.clock.now();
    // A recording leaves the process like any export: resume tokens are redacted.
    this.subscription = await this.eventBus.subscribe((event) => {
      this.losses.checkBus(this.subscription);
      this.record(redactForExport(event));
    });
  }

  /**
   * Stops recording and returns the recording: every event published before `stop()` is in it (the bus hands
   * the recorder what it still held for it before the subscription ends; other subscribers are not waited for).
   */
  async stop(): Promise<Recording> {
    const subscription = this.subscription;
    await subscription?.unsubscribe();
    this.losses.checkBus(subscription);
    this.subscription = undefined;
    return new Recording(this.observedMetadata(), this.initialInput, [...this.events]);
  }

  /** The metadata, with the model the recorded job started on when the metadata names none. */
  private observedMetadata(): RunMetadata {
    if (this.metadata.modelVersion !== undefined) return this.metadata;
    const started = this.events.map(({ event }) => event).find((event) => event.type === 'job.started')
      ?.data.model;
    return typeof started === 'string' && started
      ? this.metadata.with({ modelVersion: started })
      : this.metadata;
  }

  private record(event: AnyRuntimeEvent): void {
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

  private collectDelta(event: AnyRuntimeEvent): void {
    if (event.type !== 'model.token' && event.type !== 'model.reasoning') return;
    const deltas = this.stepDeltas(event);
    (event.type === 'model.token' ? deltas.text : deltas.reasoning).push(event.data.delta);
  }

  private responseOf(event: RuntimeEvent<'model.done'>): ModelResponse {
    const { data } = event;
    const deltas = this.stepDeltas(event);
    this.deltas.delete(`${event.jobId}:${data.step}`);
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

  private stepDeltas(event: RuntimeEvent<'model.done' | 'model.token' | 'model.reasoning'>): StepDeltas {
    const key = `${event.jobId}:${event.data.step}`;
    const deltas = this.deltas.get(key) ?? { text: [], reasoning: [] };
    this.deltas.set(key, deltas);
    return deltas;
  }
}
