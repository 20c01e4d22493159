// The follower process of the event-log benchmark: follows one job on PostgreSQL and prints, per event, how long
// after its send time (the appender's clock, same machine, in the progress message) it arrived. Prints `ready` on
// the first event.
import { PostgresEventLog } from '@agent-runtime/store-postgres';
import pg from 'pg';

const [url, schema, tableName, jobId] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url, max: 2 });
const log = new PostgresEventLog(pool, { schema, tableName, pollIntervalMs: 60_000 });
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const latencies: number[] = [];
for await (const event of log.follow(jobId)) {
  const arrivedAt = performance.timeOrigin + performance.now();
  if (event.seq === 1) say({ ready: true });
  else if (event.type === 'progress') latencies.push(arrivedAt - Number(event.data.message));
}
say({ latencies });
await pool.end();
