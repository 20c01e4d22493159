import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface MockKafkaCluster {
  bootstrapServers: string[];
  stop(): Promise<void>;
}

/**
 * Starts librdkafka's mock cluster (real Kafka protocol over TCP, DESIGN.md §5) through kcat, with `brokers`
 * brokers; it lives as long as the kcat process. Fails (never skips) when kcat is missing.
 */
export function startMockKafkaCluster(brokers = 3): Promise<MockKafkaCluster> {
  const kcat = spawn(
    'kcat',
    [
      '-C',
      '-t',
      'keepalive',
      '-b',
      'localhost:1',
      '-X',
      `test.mock.num.brokers=${brokers}`,
      '-d',
      'mock',
      '-o',
      'end',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('kcat printed no mock cluster address within 10 s')),
      10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      kcat.kill();
      reject(error);
    };
    kcat.once('error', (error) =>
      fail(new Error(`cannot start kcat (install it: apt-get install -y kcat): ${error.message}`)),
    );
    createInterface({ input: kcat.stderr! }).on('line', (line) => {
      const match = /Mock cluster \S+ bootstrap\.servers=(\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ bootstrapServers: match[1]!.split(','), stop: () => stopProcess(kcat) });
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}
