import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface MockKafkaCluster {
  bootstrapServers: string;
  stop(): Promise<void>;
}

/**
 * librdkafka's mock cluster (the real Kafka protocol over TCP on 127.0.0.1), started through kcat: it prints
 * `Mock cluster … bootstrap.servers=…` on stderr and lives as long as the kcat process. The same idea as
 * queue-kafka's test support (not exported there). Fails when kcat is missing.
 */
export function startMockKafkaCluster(brokers = 3): Promise<MockKafkaCluster> {
  const args = ['-C', '-t', 'keepalive', '-b', 'localhost:1', '-X', `test.mock.num.brokers=${brokers}`];
  const kcat = spawn('kcat', [...args, '-d', 'mock', '-o', 'end'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      kcat.kill();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error('kcat printed no mock cluster address within 10 s')),
      10_000,
    );
    kcat.once('error', (error) =>
      fail(new Error(`cannot start kcat (apt-get install kcat): ${error.message}`)),
    );
    createInterface({ input: kcat.stderr! }).on('line', (line) => {
      const match = /Mock cluster \S+ bootstrap\.servers=(\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ bootstrapServers: match[1]!, stop: () => stopProcess(kcat) });
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
