import { expect, it } from 'vitest';
import { MessageBuffer } from './message-buffer';

const message = (value: string) => ({ topic: 't', key: 'k', value, headers: {} });

it('drops the oldest when full, and counts it', () => {
  const buffer = new MessageBuffer(2);
  for (const v of ['a', 'b', 'c']) buffer.push(message(v));
  expect(buffer.size).toBe(2);
  expect(buffer.dropped).toBe(1);
  expect(buffer.peek(100).map((m) => m.value)).toEqual(['b', 'c']);
});

it('peeks batches by bytes, always at least one message', () => {
  const buffer = new MessageBuffer(10);
  for (const v of ['aaaa', 'bbbb', 'cccc']) buffer.push(message(v));
  expect(buffer.byteSize).toBe(15);
  expect(buffer.peek(10).map((m) => m.value)).toEqual(['aaaa', 'bbbb']);
  expect(buffer.peek(1).map((m) => m.value)).toEqual(['aaaa']);
});

it('removes only what was sent, even after drops shifted the buffer', () => {
  const buffer = new MessageBuffer(2);
  buffer.push(message('a'));
  buffer.push(message('b'));
  const batch = buffer.peek(100);
  buffer.push(message('c')); // drops 'a' while the batch is in flight
  buffer.remove(batch);
  expect(buffer.peek(100).map((m) => m.value)).toEqual(['c']);
  expect(buffer.byteSize).toBe(2);
});

it('keeps a key in one lane, and drops the oldest message of all lanes when full', () => {
  const buffer = new MessageBuffer(3, 4);
  const keyed = (key: string, value: string) => ({ topic: 't', key, value, headers: {} });
  const lanes = ['a', 'b', 'a'].map((key, i) => buffer.push(keyed(key, `${key}${i}`)));
  expect(lanes[2]).toBe(lanes[0]);
  buffer.push(keyed('c', 'c3')); // full: drops a0, the oldest of all
  expect(buffer.dropped).toBe(1);
  expect(buffer.peek(100, lanes[0]).map((m) => m.value)).toEqual(['a2']);
  expect(buffer.size).toBe(3);
});

it('hands a long backlog out in order, batch by batch, across its compactions', () => {
  const buffer = new MessageBuffer(5_000);
  for (let i = 0; i < 5_000; i++) buffer.push(message(String(i).padStart(4, '0')));
  const seen: string[] = [];
  while (buffer.size) {
    const batch = buffer.peek(50);
    expect(batch).toHaveLength(10); // 10 × (4 + 1) bytes
    buffer.remove(batch);
    seen.push(...batch.map((m) => m.value));
  }
  expect(seen).toEqual(Array.from({ length: 5_000 }, (_, i) => String(i).padStart(4, '0')));
  expect(buffer.byteSize).toBe(0);
});

it('removes what is left of a batch when drops took its first messages', () => {
  const buffer = new MessageBuffer(3);
  for (const v of ['a', 'b', 'c']) buffer.push(message(v));
  const batch = buffer.peek(100);
  buffer.push(message('d')); // drops 'a'
  buffer.push(message('e')); // drops 'b'
  buffer.remove(batch);
  expect(buffer.peek(100).map((m) => m.value)).toEqual(['d', 'e']);
  expect(buffer.size).toBe(2);
});

it('fills each partition batch up to maxBytes, stopping before the first message whose batch is full', () => {
  const buffer = new MessageBuffer(10);
  for (const [value, partition] of [
    ['aaaa', 't:0'],
    ['bbbb', 't:1'],
    ['cccc', 't:0'],
    ['dddd', 't:1'],
    ['eeee', 't:0'],
    ['ffff', 't:1'],
  ] as const)
    buffer.push(message(value), partition);
  expect(buffer.batchBytes(0, 't:0')).toBe(15);
  // 10 bytes per partition: two messages of each, 20 bytes in all; 'eeee' would make t:0's batch 15
  expect(buffer.peek(10).map((m) => m.value)).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd']);
});

it('counts messages of unknown partitions as one batch', () => {
  const buffer = new MessageBuffer(10);
  for (const v of ['aaaa', 'bbbb', 'cccc']) buffer.push(message(v));
  buffer.push(message('dddd'), 't:0');
  expect(buffer.peek(10).map((m) => m.value)).toEqual(['aaaa', 'bbbb']);
});
