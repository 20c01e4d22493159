export { RedisActionStore, type RedisActionStoreOptions } from './redis-action-store';
export { RedisJobCache, type RedisJobCacheOptions } from './redis-job-cache';
export { RedisSignalChannel, type RedisSignalChannelOptions } from './redis-signal-channel';
