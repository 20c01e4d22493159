export {
  OpenTelemetryAdapter,
  type OpenTelemetryAdapterOptions,
  type OpenTelemetryExportStats,
} from './opentelemetry-adapter';
export { type OTelConfig, type OTelConfigInput, otelConfig, otelConfigSchema } from './otel-config';
export { Attr } from './span-attributes';
