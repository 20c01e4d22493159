export { RedisActionStore, type RedisActionStoreOptions } from './redis-action-store';
export { RedisCommandError } from './redis-command-error';
export { RedisConnectionError } from './redis-connection-error';
export { RedisJobCache, type RedisJobCacheOptions } from './redis-job-cache';
export { RedisSignalChannel, type RedisSignalChannelOptions } from './redis-signal-channel';
