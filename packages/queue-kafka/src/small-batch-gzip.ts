import { gzipSync } from 'node:zlib';

/** KafkaJS's codec shape (`CompressionCodecs[type]()`): it compresses an encoder's bytes. */
export interface KafkaJsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

type CodecRegistry = Record<number, (() => KafkaJsCodec) | undefined>;

/**
 * Up to this many bytes a record batch is gzipped on the calling thread. KafkaJS's own codec uses zlib's
 * async API, whose thread-pool round trip and stream set-up cost several times the compression of a small
 * batch; above the limit it still does (a big batch then does not block the event loop).
 */
export const SYNC_GZIP_LIMIT = 64 * 1024;

const INSTALLED = Symbol.for('@agent-runtime/queue-kafka:small-batch-gzip');

/**
 * Wraps the gzip codec in KafkaJS's `CompressionCodecs` (once per process) so that small batches are
 * compressed synchronously: the same bytes (zlib's defaults either way), less CPU. Larger batches and every
 * decompression go to the codec that was registered before.
 */
export function installSmallBatchGzip(registry: CodecRegistry, gzipType: number): void {
  const previous = registry[gzipType];
  if (!previous || INSTALLED in previous) return;
  const factory = () => smallBatchGzip(previous());
  registry[gzipType] = Object.assign(factory, { [INSTALLED]: true });
}

function smallBatchGzip(fallback: KafkaJsCodec): KafkaJsCodec {
  return {
    compress: (encoder) => {
      const input = encoder.buffer;
      return input.length <= SYNC_GZIP_LIMIT ? Promise.resolve(gzipSync(input)) : fallback.compress(encoder);
    },
    decompress: (buffer) => fallback.decompress(buffer),
  };
}
