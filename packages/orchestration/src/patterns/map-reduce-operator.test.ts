import { describe, expect, it } from 'vitest';
import { ConcurrencyProbe, flush, operator, rootContext } from '../test-support';
import { MapReduceOperator } from './map-reduce-operator';

describe('MapReduceOperator', () => {
  it('maps every document (results in input order, even when they finish out of order) and reduces', async () => {
    const probe = new ConcurrencyProbe();
    const delays = [5, 1, 4, 2, 3, 0];
    const summarizer = operator('document_summarizer', (input) =>
      probe.track(async () => {
        for (let i = 0; i < delays[input.index as number]!; i++) await flush();
        return `summary of ${input.text}`;
      }),
    );
    const synthesizer = operator('summary_synthesizer', (input) => (input.results as string[]).join(' | '));
    const mapReduce = new MapReduceOperator({
      mapOperator: summarizer,
      reduceOperator: synthesizer,
      inputKey: 'documents',
      maxParallel: 2,
    });
    const documents = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
    const result = await mapReduce.execute({ documents }, rootContext({ config: { maxChildJobs: 10 } }));
    expect(result.success).toBe(true);
    expect(result.content).toBe(documents.map((d) => `summary of ${d}`).join(' | '));
    expect(probe.max).toBe(2);
  });

  it('passes object items through with their index', async () => {
    const map = operator('map', (input) => `${input.title}#${input.index}`);
    const reduce = operator('reduce', (input) => input.text);
    const result = await new MapReduceOperator({
      mapOperator: map,
      reduceOperator: reduce,
      inputKey: 'docs',
    }).execute({ docs: [{ title: 'a' }, { title: 'b' }] }, rootContext());
    expect(result.content).toBe('a#0\n\nb#1');
  });

  it('fails with a ValidationError naming the field when the input key is not an array', async () => {
    const op = operator('x', () => 1);
    const result = await new MapReduceOperator({
      mapOperator: op,
      reduceOperator: op,
      inputKey: 'documents',
    }).execute({ documents: 'nope' }, rootContext());
    expect(result.success).toBe(false);
    expect(result.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('input.documents'),
    });
  });

  it('fails at the first failing item and does not reduce', async () => {
    let reduced = false;
    const map = operator('map', (input) => {
      if (input.index === 1) throw new Error('bad document');
      return 'ok';
    });
    const reduce = operator('reduce', () => {
      reduced = true;
    });
    const result = await new MapReduceOperator({
      mapOperator: map,
      reduceOperator: reduce,
      inputKey: 'd',
    }).execute({ d: ['a', 'b', 'c'] }, rootContext());
    expect(result).toMatchObject({
      success: false,
      operatorName: 'map_reduce',
      metadata: { failedIndex: 1 },
    });
    expect(reduced).toBe(false);
  });

  it('reports a failing reducer', async () => {
    const map = operator('map', () => 'x');
    const reduce = operator('reduce', () => {
      throw new Error('reduce broke');
    });
    const result = await new MapReduceOperator({
      mapOperator: map,
      reduceOperator: reduce,
      inputKey: 'd',
    }).execute({ d: ['a'] }, rootContext());
    expect(result.error?.message).toBe('reduce broke');
  });
});
