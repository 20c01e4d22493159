export { aiSdkDriver } from './ai-sdk-driver';
export type { AiSdkDriverOptions, DriverModel, ProviderOptions } from './driver-options';
export { isTransientProviderError } from './is-transient-provider-error';
export { type ProductionMiddlewareOptions, productionMiddleware } from './production-middleware';
