import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/** A real SDK tracer provider exporting to memory; `spans()` flushes and returns what was exported. */
export function memoryTracing() {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  return {
    tracerProvider,
    async spans(): Promise<ReadableSpan[]> {
      await tracerProvider.forceFlush();
      return exporter.getFinishedSpans();
    },
  };
}

/** `name` of the parent of `span` among `spans`, or `'<remote>'` / `'<root>'`. */
export function parentName(span: ReadableSpan, spans: ReadableSpan[]): string {
  const parentId = span.parentSpanContext?.spanId;
  if (!parentId) return '<root>';
  return spans.find((s) => s.spanContext().spanId === parentId)?.name ?? '<remote>';
}
