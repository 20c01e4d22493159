import type { AnyRuntimeEvent } from '@agent-runtime/core';
import type { Redis } from 'ioredis';
import { decodeEntry } from './stream-entry';

type Entry = [id: string, fields: string[] | null];

export interface ConsumerGroupReadSpec {
  /** Runs the commands that never block (XACK, XAUTOCLAIM, the backlog read); duplicated for the blocking read. */
  client: Redis;
  stream: string;
  group: string;
  consumer: string;
  count: number;
  blockMs: number;
  claimMinIdleMs: number;
  signal: AbortSignal;
}

/**
 * Yields the stream's events for one consumer of a consumer group, at least once each: an entry counts as
 * processed once the consumer asks for the next one, and the processed entries of a read are acknowledged in
 * one XACK, sent with the next read (or when the iteration ends). So an entry whose processing was cut short
 * (throw, break) stays pending, and after a crash so do the processed entries of the read in hand. Pending
 * entries come back first to the same consumer name (its backlog), and to any consumer of the group once they
 * have been idle `claimMinIdleMs` (XAUTOCLAIM).
 */
export async function* readConsumerGroup(spec: ConsumerGroupReadSpec): AsyncGenerator<AnyRuntimeEvent, void> {
  const { client, stream, group, signal } = spec;
  if (signal.aborted) return;
  const blockingConnection = client.duplicate();
  const stopBlocking = () => blockingConnection.disconnect();
  signal.addEventListener('abort', stopBlocking, { once: true });
  let processed: string[] = [];
  try {
    await ensureGroup(client, stream, group);
    const batches = nextBatches(spec, blockingConnection);
    while (!signal.aborted) {
      // the XACK goes first: a read on the same connection must not see these entries as still pending
      const [, entries] = await Promise.all([acknowledge(spec, processed), batches.next()]);
      processed = [];
      for (const [id, fields] of entries) {
        if (fields) yield decodeEntry(stream, id, fields);
        processed.push(id);
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', stopBlocking);
    blockingConnection.disconnect();
    await acknowledge(spec, processed);
  }
}

/** One XACK for all the ids (none for none). */
async function acknowledge({ client, stream, group }: ConsumerGroupReadSpec, ids: string[]): Promise<void> {
  if (ids.length > 0) await client.xack(stream, group, ...ids);
}

/** The entries to hand out next: own backlog, then entries stale at other consumers, then new entries. */
function nextBatches(spec: ConsumerGroupReadSpec, blockingConnection: Redis) {
  let backlogCursor: string | undefined = '0';
  let claimCursor = '0-0';
  return {
    async next(): Promise<Entry[]> {
      if (backlogCursor !== undefined) {
        const backlog = await readGroup(spec, spec.client, backlogCursor);
        backlogCursor = backlog.length > 0 ? backlog.at(-1)![0] : undefined;
        if (backlog.length > 0) return backlog;
      }
      const [cursor, claimed] = await autoClaim(spec, claimCursor);
      claimCursor = cursor;
      if (claimed.length > 0) return claimed;
      return readGroup(spec, blockingConnection, '>', spec.blockMs);
    },
  };
}

async function readGroup(
  spec: ConsumerGroupReadSpec,
  connection: Redis,
  from: string,
  blockMs?: number,
): Promise<Entry[]> {
  const { group, consumer, count, stream } = spec;
  const reply =
    blockMs === undefined
      ? await connection.xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, from)
      : await connection.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          count,
          'BLOCK',
          blockMs,
          'STREAMS',
          stream,
          from,
        );
  return (reply as [string, Entry[]][] | null)?.[0]?.[1] ?? [];
}

async function autoClaim(spec: ConsumerGroupReadSpec, cursor: string): Promise<[string, Entry[]]> {
  const [next, entries] = (await spec.client.xautoclaim(
    spec.stream,
    spec.group,
    spec.consumer,
    spec.claimMinIdleMs,
    cursor,
    'COUNT',
    spec.count,
  )) as [string, Entry[]];
  return [next, entries];
}

async function ensureGroup(client: Redis, stream: string, group: string): Promise<void> {
  try {
    await client.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
  }
}
