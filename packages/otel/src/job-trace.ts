import { type Context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

/** The open spans of one job: its root span and the tool and action spans not yet ended. */
export class JobTrace {
  readonly tools = new Map<string, Span>();
  readonly actions = new Map<string, Span>();
  /** Set once `job.failed` / `job.cancelled` / `job.completed` said how the job ended. */
  outcome: 'succeeded' | 'failed' | 'cancelled' | undefined;

  constructor(
    readonly span: Span,
    private readonly parent: Context,
  ) {}

  /** The context children of the job span start in. */
  get context(): Context {
    return trace.setSpan(this.parent, this.span);
  }

  /** The context for a span under the open tool span of `toolCallId`, or under the job. */
  contextUnderTool(toolCallId: string | undefined): Context {
    const tool = toolCallId ? this.tools.get(toolCallId) : undefined;
    return tool ? trace.setSpan(this.context, tool) : this.context;
  }

  /** Ends every open span, children first; open children of an ended job did not finish. */
  endAll(endTime: number, childReason: string): void {
    for (const span of [...this.actions.values(), ...this.tools.values()]) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: childReason });
      span.end(endTime);
    }
    this.actions.clear();
    this.tools.clear();
    this.span.end(endTime);
  }
}
