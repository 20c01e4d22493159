export type { ReadEventsOptions, ReadRangeOptions } from './read-options';
export { RedisStreamsAdapter } from './redis-streams-adapter';
export {
  type RedisStreamsConfig,
  type RedisStreamsConfigInput,
  redisStreamsConfig,
  redisStreamsConfigSchema,
} from './redis-streams-config';
