import {
  type AnyRuntimeEvent,
  type Clock,
  type EventBus,
  systemClock,
  ValidationError,
} from '@agent-runtime/core';
import { type EventFingerprint, fingerprintOf } from './event-fingerprint';
import type { RecordedEvent } from './recorded-event';
import { recordedRequest } from './recorded-request';
import type { Recording } from './recording';
import { eventIssues } from './recording-validation';
import { ReplayDriver } from './replay-driver';
import { ReplayMode } from './replay-mode';
import type { ReplayDivergence, ReplayResult } from './replay-result';
import type { ReplayRuntime, ReplayRuntimeFactory } from './replay-runtime';
import { type ReplayVersions, versionChanges } from './version-change';

export interface ReplayPlayerOptions {
  clock?: Clock;
  /** Builds the runtime deterministic replay re-executes in, around the replay driver. */
  runtime?: ReplayRuntimeFactory;
  /**
   * The versions of the code replaying (runtime, driver, model, tools); each one that differs from the
   * recording's metadata is reported in the deterministic result's `versionChanges`.
   * @default {} (nothing compared)
   */
  versions?: ReplayVersions;
}

export interface ReplayOptions {
  mode?: ReplayMode;
  /** TIMED only: 2 plays twice as fast. */
  speed?: number;
}

/** Plays a recording back onto an event bus, or re-executes it deterministically and compares. */
export class ReplayPlayer {
  private readonly clock: Clock;

  constructor(
    private readonly recording: Recording,
    private readonly eventBus: EventBus,
    private readonly options: ReplayPlayerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Checks fingerprints, timing and model responses; `issues` says what is wrong. */
  async validateRecording(): Promise<{ valid: boolean; issues: string[] }> {
    const issues = eventIssues(this.recording.events);
    if (!this.recording.events.length) issues.push('the recording has no events');
    return { valid: issues.length === 0, issues };
  }

  async replay({ mode = ReplayMode.FAST, speed = 1 }: ReplayOptions = {}): Promise<ReplayResult> {
    if (!(speed > 0)) throw new RangeError('speed must be a positive number');
    const started = this.clock.now();
    if (mode === ReplayMode.DETERMINISTIC) return this.reexecute(started);
    let previous = 0;
    for (const recorded of this.recording.events) {
      if (mode === ReplayMode.TIMED)
        await this.clock.sleep((recorded.relativeTimestampMs - previous) / speed);
      previous = recorded.relativeTimestampMs;
      await this.eventBus.publish(recorded.event);
    }
    const total = this.recording.events.length;
    return {
      mode,
      totalEvents: total,
      eventsReplayed: total,
      matched: total,
      matchRate: 1,
      durationMs: this.clock.now() - started,
    };
  }

  /** Publishes one recorded event per iteration step. */
  async *step(): AsyncGenerator<AnyRuntimeEvent> {
    for (const { event } of this.recording.events) {
      await this.eventBus.publish(event);
      yield event;
    }
  }

  private async reexecute(started: number): Promise<ReplayResult> {
    if (!this.options.runtime)
      throw new ValidationError({
        field: 'options.runtime',
        message:
          'options.runtime: deterministic replay re-executes the recording in a runtime you build around the ' +
          'replay driver: new ReplayPlayer(recording, bus, { runtime: (agent) => RuntimeKernel.create({ agent, tools }) })',
      });
    const expected = recordedJob(this.recording.events);
    const request = recordedRequest(this.recording.initialInput, expected);
    const runtime = await this.options.runtime(new ReplayDriver(this.recording.modelResponses));
    try {
      const actual = await this.runAgain(runtime, expected, request);
      const changes = versionChanges(this.recording.metadata, this.options.versions ?? {});
      const result = compare(expected, actual, this.clock.now() - started);
      return changes.length ? { ...result, versionChanges: changes } : result;
    } finally {
      await runtime.shutdown?.();
    }
  }

  /** Executes the recorded input again, answering each action the way it was answered in the recording. */
  private async runAgain(
    runtime: ReplayRuntime,
    expected: RecordedEvent[],
    request: Record<string, unknown>,
  ): Promise<AnyRuntimeEvent[]> {
    const answers = actionAnswers(expected);
    const handle = await runtime.execute(request as never);
    const events: AnyRuntimeEvent[] = [];
    for await (const event of handle.events()) {
      events.push(event);
      await this.eventBus.publish(event);
      if (event.type !== 'action.required') continue;
      const answer = answers.shift();
      const { resumeToken, actionId } = event.data as { resumeToken?: string; actionId: string };
      if (answer?.resolution && resumeToken)
        await runtime.actions.resolve({ resumeToken, resolution: answer.resolution });
      else
        await runtime.actions.cancel(actionId, { reason: answer?.reason ?? 'not answered in the recording' });
    }
    await handle.result().catch(() => undefined);
    return events;
  }
}

/** The events of the recorded job (the first job seen), which a re-execution must reproduce. */
function recordedJob(events: readonly RecordedEvent[]): RecordedEvent[] {
  const jobId = events.find((e) => e.event.jobId)?.event.jobId;
  return events.filter((e) => e.event.jobId === jobId);
}

/** How each recorded action ended, in the order the actions were required. */
function actionAnswers(events: RecordedEvent[]): { resolution?: Record<string, unknown>; reason?: string }[] {
  return events
    .map(({ event }) => event)
    .filter((event) => event.type === 'action.required')
    .map((required) => {
      const end = events.find(
        ({ event }) =>
          (event.type === 'action.resolved' ||
            event.type === 'action.expired' ||
            event.type === 'action.cancelled') &&
          event.data.actionId === required.data.actionId,
      )?.event;
      if (end?.type === 'action.resolved') return { resolution: end.data.resolution };
      return { reason: `the recorded action was ${end?.type.slice('action.'.length) ?? 'never answered'}` };
    });
}

function compare(
  expected: RecordedEvent[],
  actualEvents: AnyRuntimeEvent[],
  durationMs: number,
): ReplayResult {
  const actual = actualEvents.map((event) => ({ ...fingerprintOf(event), event }));
  const longest = Math.max(expected.length, actual.length);
  let matched = 0;
  while (
    matched < Math.min(expected.length, actual.length) &&
    same(expected[matched]!.fingerprint, actual[matched]!)
  )
    matched++;
  const divergence: ReplayDivergence | undefined =
    matched === longest
      ? undefined
      : {
          index: matched,
          ...(expected[matched] && {
            expected: { ...expected[matched]!.fingerprint, event: expected[matched]!.event },
          }),
          ...(actual[matched] && { actual: actual[matched] }),
        };
  return {
    mode: ReplayMode.DETERMINISTIC,
    totalEvents: expected.length,
    eventsReplayed: actual.length,
    matched,
    matchRate: longest ? matched / longest : 1,
    ...(divergence && { divergence }),
    durationMs,
  };
}

function same(a: EventFingerprint, b: EventFingerprint): boolean {
  return a.type === b.type && a.hash === b.hash;
}
