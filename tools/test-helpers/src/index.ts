export { type Deferred, deferred, flush } from './deferred';
export { interfaceShape, readmeAndSourceShapes, readmeCode } from './readme-interface';
export { RecordingBus } from './recording-bus';
export { connectTestRedis, type TestRedis } from './test-redis';
export { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
