export { RedisSignalChannel, type RedisSignalChannelOptions } from './redis-signal-channel';
