import { gunzipSync, gzipSync } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { kafkaConfig } from './kafka-config';
import { createKafkaJsProducer } from './kafka-producer';
import { installSmallBatchGzip, type KafkaJsCodec, SYNC_GZIP_LIMIT } from './small-batch-gzip';

const GZIP = 1;

function registryWithFallback() {
  const fallback: KafkaJsCodec = {
    compress: vi.fn(async (encoder) => gzipSync(encoder.buffer)),
    decompress: vi.fn(async (buffer) => gunzipSync(buffer)),
  };
  const registry: Record<number, (() => KafkaJsCodec) | undefined> = { [GZIP]: () => fallback };
  return { registry, fallback };
}

describe('installSmallBatchGzip', () => {
  it('gzips a small batch synchronously (the promise is already settled), without the previous codec', async () => {
    const { registry, fallback } = registryWithFallback();
    installSmallBatchGzip(registry, GZIP);
    const input = Buffer.from('{"type":"model.token"}'.repeat(100));
    const pending = registry[GZIP]!().compress({ buffer: input });
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(true);
    expect(gunzipSync(await pending)).toEqual(input);
    expect(fallback.compress).not.toHaveBeenCalled();
  });

  it('hands batches over the limit and every decompression to the codec registered before', async () => {
    const { registry, fallback } = registryWithFallback();
    installSmallBatchGzip(registry, GZIP);
    const codec = registry[GZIP]!();
    const big = Buffer.alloc(SYNC_GZIP_LIMIT + 1, 'x');
    expect(gunzipSync(await codec.compress({ buffer: big }))).toEqual(big);
    expect(fallback.compress).toHaveBeenCalledTimes(1);
    const small = gzipSync('abc');
    expect((await codec.decompress(small)).toString()).toBe('abc');
    expect(fallback.decompress).toHaveBeenCalledWith(small);
  });

  it('installs once: a second call does not wrap the wrapper', async () => {
    const { registry } = registryWithFallback();
    installSmallBatchGzip(registry, GZIP);
    const installed = registry[GZIP];
    installSmallBatchGzip(registry, GZIP);
    expect(registry[GZIP]).toBe(installed);
  });

  it('leaves an empty slot empty', () => {
    const registry: Record<number, (() => KafkaJsCodec) | undefined> = {};
    installSmallBatchGzip(registry, GZIP);
    expect(registry[GZIP]).toBeUndefined();
  });
});

it("the adapter's own KafkaJS producer installs it", async () => {
  const builtin = CompressionCodecs[CompressionTypes.GZIP];
  await createKafkaJsProducer(kafkaConfig());
  const codec = CompressionCodecs[CompressionTypes.GZIP];
  expect(codec).not.toBe(builtin);
  const input = Buffer.from('x'.repeat(1000));
  expect(gunzipSync(await codec().compress({ buffer: input }))).toEqual(input);
});
