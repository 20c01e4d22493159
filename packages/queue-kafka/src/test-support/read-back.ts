import { Kafka, logLevel } from 'kafkajs';

export interface ReadMessage {
  topic: string;
  partition: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/**
 * Reads `count` messages from `topics` (from the beginning) with a KafkaJS consumer in a fresh group. After
 * `timeoutMs` it rejects, or with `partial` resolves with the messages read so far (to count what is missing).
 */
export async function readBack(
  brokers: string[],
  topics: string[],
  count: number,
  timeoutMs = 30_000,
  { partial = false }: { partial?: boolean } = {},
) {
  const kafka = new Kafka({ clientId: 'test-reader', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `test-${crypto.randomUUID()}` });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => (partial ? resolve() : reject(new Error(`read ${messages.length} of ${count} messages`))),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          messages.push({
            topic,
            partition,
            key: message.key?.toString() ?? null,
            value: message.value!.toString(),
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
