import { describeEntryPointFuzz } from '@agent-runtime/kernel/testing';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import pg from 'pg';
import { RedisActionStore } from './redis-action-store';
import { RedisJobCache } from './redis-job-cache';
import { RedisSignalChannel } from './redis-signal-channel';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_redis_fuzz_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

let redis: TestRedis;
let pool: pg.Pool;
let signalChannel: RedisSignalChannel;

describeEntryPointFuzz('Redis stores (RedisJobCache over PostgreSQL, RedisActionStore, RedisSignalChannel)', {
  open: async () => {
    redis = await connectTestRedis('store-redis-fuzz');
    pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    const primary = createPostgresStores(pool, { schema });
    await primary.migrate();
    const { client, prefix: keyPrefix } = redis;
    // signals outlive the run: one expiring between a call's before and after snapshots is not that call's doing
    signalChannel = new RedisSignalChannel(client, { keyPrefix, ttlSeconds: 86_400 });
    return {
      jobStore: new RedisJobCache(client, { primaryStore: primary.jobStore, keyPrefix }),
      actionStore: new RedisActionStore(client, { keyPrefix }),
      ledgerWriter: primary.ledgerWriter,
      signalChannel,
    };
  },
  close: async () => {
    await signalChannel?.stop();
    await redis?.cleanup();
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  },
  // every key under the prefix (signals, actions and their indexes) but the job cache's: its records are what
  // the primary holds, and a write refused by the primary leaves only a marker that serves nothing
  extraState: async () =>
    (await redis.client.keys(`${redis.prefix}*`)).filter((key) => !key.includes(':job:')).sort(),
});
