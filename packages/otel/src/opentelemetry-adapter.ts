import {
  type AnyRuntimeEvent,
  type EventBus,
  type EventSubscription,
  ExportLosses,
  type FinalEvent,
  newSpanId,
  type RuntimeEvent,
  type RuntimeEventDataMap,
  type RuntimeEventType,
  redactForExport,
  toW3CSpanId,
  toW3CTraceId,
} from '@agent-runtime/core';
import {
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { JobTrace } from './job-trace';
import { type OTelConfig, type OTelConfigInput, otelConfig } from './otel-config';
import { isSampled } from './sampling';
import {
  actionAttributes,
  identityAttributes,
  jobResultAttributes,
  jobStartAttributes,
  modelStepAttributes,
  toolEndAttributes,
  toolStartAttributes,
} from './span-attributes';

export interface OpenTelemetryAdapterOptions {
  /** Default: the global provider (`trace.getTracerProvider()`). */
  tracerProvider?: TracerProvider;
  /** Told once per outage about events the bus dropped for this adapter (its queue was full). @default console */
  logger?: Pick<Console, 'warn'>;
}

export interface OpenTelemetryExportStats {
  /** Jobs with open spans. */
  openJobs: number;
  /** Events the bus dropped for this adapter (its queue was full): their spans are missing or incomplete. */
  dropped: number;
}

const UNFINISHED = 'the job had not ended when tracing stopped';

type Data<T extends keyof RuntimeEventDataMap> = Partial<RuntimeEventDataMap[T]>;

/**
 * Turns runtime events into OpenTelemetry spans: `agent.job` per job (in the trace of the job's
 * ExecutionContext), and under it `agent.run` per model step, `agent.tool` per tool call and `agent.action` per
 * human action (under the tool call that asked for it). Span times are the events' times.
 */
export class OpenTelemetryAdapter {
  readonly config: OTelConfig;
  private readonly tracer: Tracer;
  private readonly jobs = new Map<string, JobTrace>();
  private readonly unsampled = new Set<string>();
  private subscription: EventSubscription | undefined;
  private readonly losses: ExportLosses;

  constructor(
    private readonly eventBus: EventBus,
    config: OTelConfigInput = {},
    options: OpenTelemetryAdapterOptions = {},
  ) {
    this.config = otelConfig(config);
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(this.config.tracerName);
    const logger = options.logger ?? console;
    this.losses = new ExportLosses((message) => logger.warn(`OpenTelemetry export: ${message}`));
  }

  async start(): Promise<void> {
    this.subscription ??= await this.eventBus.subscribe((event) => {
      this.losses.checkBus(this.subscription);
      this.handle(redactForExport(event));
    });
  }

  /**
   * Unsubscribes (handling every event the bus still held for it), then ends the spans of jobs still open: a
   * job whose outcome (`job.completed` / `job.failed` / `job.cancelled`) arrived ends with that status; a job
   * that had not ended gets ERROR "the job had not ended when tracing stopped" and
   * `agent_runtime.job.status: 'unfinished'`.
   */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    await subscription?.unsubscribe();
    this.losses.checkBus(subscription);
    this.subscription = undefined;
    const now = Date.now();
    for (const job of this.jobs.values()) this.endAtStop(job, now);
    this.jobs.clear();
  }

  /** Number of jobs with open spans. */
  get openJobs(): number {
    return this.jobs.size;
  }

  get stats(): OpenTelemetryExportStats {
    return { openJobs: this.jobs.size, dropped: this.losses.count };
  }

  private endAtStop(job: JobTrace, now: number): void {
    if (job.outcome !== undefined) {
      job.span.setAttribute('agent_runtime.job.status', job.outcome);
      job.endAll(now, 'the job ended first');
      return;
    }
    job.span.setStatus({ code: SpanStatusCode.ERROR, message: UNFINISHED });
    job.span.setAttribute('agent_runtime.job.status', 'unfinished');
    job.endAll(now, UNFINISHED);
  }

  private handle(event: AnyRuntimeEvent): void {
    if (!event.jobId || this.unsampled.has(event.jobId)) return;
    const job = this.jobs.get(event.jobId) ?? this.open(event);
    if (job) this.dispatch(job, event);
  }

  private dispatch<T extends RuntimeEventType>(job: JobTrace, event: RuntimeEvent<T>): void {
    this.handlers[event.type]?.(job, event, event.data);
  }

  /** What each event does to the job's spans; events not listed here leave no trace. */
  private readonly handlers: {
    [T in RuntimeEventType]?: (job: JobTrace, event: RuntimeEvent<T>, data: Data<T>) => void;
  } = {
    'job.started': (job, _event, data) => job.span.setAttributes(jobStartAttributes(data, this.config)),
    'model.done': (job, event, data) => this.modelStep(job, event, data),
    'tool.start': (job, event, data) => this.toolStart(job, event, data),
    'tool.end': (job, event, data) => this.toolEnd(job, event, data),
    'tool.error': (job, event, data) => this.toolError(job, event, data),
    'action.required': (job, event, data) => this.actionStart(job, event, data),
    'action.resolved': (job, event, data) => this.actionEnd(job, event, data),
    'action.expired': (job, event, data) => this.actionEnd(job, event, data),
    'action.cancelled': (job, event, data) => this.actionEnd(job, event, data),
    'job.status_changed': (job, event, data) => job.span.addEvent(event.type, flat(data), event.timestamp),
    progress: (job, event, data) => job.span.addEvent(event.type, flat(data), event.timestamp),
    'job.completed': (job) => {
      job.outcome = 'succeeded';
      job.span.setStatus({ code: SpanStatusCode.OK });
    },
    'job.failed': (job, event, data) => {
      job.outcome = 'failed';
      this.fail(job.span, data.error, event.timestamp);
    },
    'job.cancelled': (job, _event, data) => {
      job.outcome = 'cancelled';
      job.span.setAttribute('agent_runtime.cancel_reason', String(data.reason ?? ''));
    },
    'final.result': (job, event) => this.finish(job, event),
    'final.error': (job, event) => this.finish(job, event),
  };

  /** Opens the job's root span in the trace of its ExecutionContext (or decides it is not sampled). */
  private open(event: RuntimeEvent): JobTrace | undefined {
    const jobId = event.jobId!;
    if (!isSampled(event.traceId, this.config.samplingRate)) {
      this.unsampled.add(jobId);
      return undefined;
    }
    const parent = remoteParent(event);
    const span = this.tracer.startSpan(
      'agent.job',
      {
        kind: SpanKind.INTERNAL,
        startTime: event.timestamp,
        attributes: identityAttributes(event, this.config),
      },
      parent,
    );
    const job = new JobTrace(span, parent);
    this.jobs.set(jobId, job);
    return job;
  }

  private modelStep(job: JobTrace, event: RuntimeEvent, data: Data<'model.done'>): void {
    const span = this.child(
      job.context,
      'agent.run',
      SpanKind.CLIENT,
      event.timestamp - (data.durationMs ?? 0),
    );
    span.setAttributes(modelStepAttributes(data, this.config));
    span.end(event.timestamp);
  }

  private toolStart(job: JobTrace, event: RuntimeEvent, data: Data<'tool.start'>): void {
    const span = this.child(job.context, 'agent.tool', SpanKind.INTERNAL, event.timestamp);
    span.setAttributes(toolStartAttributes(data, this.config));
    job.tools.set(String(data.toolCallId), span);
  }

  private toolEnd(job: JobTrace, event: RuntimeEvent, data: Data<'tool.end'>): void {
    const span = job.tools.get(String(data.toolCallId));
    if (!span) return;
    span.setAttributes(toolEndAttributes(data, this.config));
    span.setStatus({ code: SpanStatusCode.OK });
    span.end(event.timestamp);
    job.tools.delete(String(data.toolCallId));
  }

  /** A failed tool call; one refused by policy never started, so it gets a span of its own here. */
  private toolError(job: JobTrace, event: RuntimeEvent, data: Data<'tool.error'>): void {
    const id = String(data.toolCallId);
    const span =
      job.tools.get(id) ?? this.child(job.context, 'agent.tool', SpanKind.INTERNAL, event.timestamp);
    span.setAttributes(toolStartAttributes(data, this.config));
    if (data.denied) span.setAttribute('agent_runtime.tool.denied', true);
    this.fail(span, data.error, event.timestamp);
    span.end(event.timestamp);
    job.tools.delete(id);
  }

  private actionStart(job: JobTrace, event: RuntimeEvent, data: Data<'action.required'>): void {
    const span = this.child(
      job.contextUnderTool(data.toolCallId),
      'agent.action',
      SpanKind.INTERNAL,
      event.timestamp,
    );
    span.setAttributes(actionAttributes(data));
    job.actions.set(String(data.actionId), span);
  }

  private actionEnd(job: JobTrace, event: RuntimeEvent, data: { actionId?: string }): void {
    const span = job.actions.get(String(data.actionId));
    if (!span) return;
    const outcome = event.type.slice('action.'.length);
    span.setAttribute('agent_runtime.action.outcome', outcome);
    span.setStatus(
      outcome === 'expired'
        ? { code: SpanStatusCode.ERROR, message: 'action expired' }
        : { code: SpanStatusCode.OK },
    );
    span.end(event.timestamp);
    job.actions.delete(String(data.actionId));
  }

  private finish(job: JobTrace, event: FinalEvent): void {
    if (event.type === 'final.result') {
      job.span.setAttributes(jobResultAttributes(event.data, this.config));
    } else if (job.outcome === undefined) {
      this.fail(job.span, event.data.error, event.timestamp);
    }
    job.span.setAttribute('agent_runtime.job.status', job.outcome ?? 'failed');
    job.endAll(event.timestamp, 'the job ended first');
    this.jobs.delete(event.jobId!);
  }

  private child(parent: Context, name: string, kind: SpanKind, startTime: number): Span {
    return this.tracer.startSpan(name, { kind, startTime }, parent);
  }

  private fail(
    span: Span,
    error: { code?: string; message?: string; name?: string } | undefined,
    time: number,
  ): void {
    const message = error?.message ?? 'failed';
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    if (error?.code) span.setAttribute('error.type', error.code);
    if (this.config.recordExceptions)
      span.recordException({ name: error?.name ?? 'Error', message, code: error?.code }, time);
  }
}

/**
 * A remote parent carrying the W3C form of the job's trace id, so the job span joins the ExecutionContext's
 * trace (a non-hex id such as `trace-ghi` maps to the same derived trace id in every process).
 */
function remoteParent(event: RuntimeEvent): Context {
  if (!event.traceId) return ROOT_CONTEXT;
  const spanId = event.spanId ? toW3CSpanId(event.spanId) : newSpanId();
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: toW3CTraceId(event.traceId),
    spanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
}

function flat(data: object) {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string),
    ]),
  );
}
