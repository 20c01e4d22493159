export type { ReadEventsOptions, ReadRangeOptions } from './read-options';
export { RedisStreamsAdapter, type RedisStreamsExportStats } from './redis-streams-adapter';
export type { RedisStreamsAdapterOptions } from './redis-streams-adapter-options';
export {
  type RedisStreamsConfig,
  type RedisStreamsConfigInput,
  redisStreamsConfig,
  redisStreamsConfigSchema,
} from './redis-streams-config';
