import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { AgentRole } from '../context/agent-role';
import { operator, rootContext } from '../test-support';
import { positionOf, samePosition } from './consensus';
import { DebateOperator, type DebateTurn } from './debate-operator';

/** A debater that answers from a script, one answer per round. */
const debater = (name: string, answers: string[]) =>
  operator(name, (input) => answers[(input.round as number) - 1] ?? answers.at(-1), AgentRole.DEBATER);
const moderator = operator(
  'moderator',
  (input) =>
    `verdict after ${(input.transcript as DebateTurn[]).length} turns (consensus: ${input.consensus})`,
  AgentRole.MODERATOR,
);

describe('DebateOperator', () => {
  it('stops on consensus and gives the moderator the transcript', async () => {
    const debate = new DebateOperator({
      debaters: [
        debater('agent1', ['Use a queue. POSITION: queue', 'POSITION: Queue.']),
        debater('agent2', ['POSITION: cache', 'I agree now. Position: queue']),
        debater('agent3', ['POSITION: queue', 'POSITION: queue']),
      ],
      moderator,
      maxRounds: 3,
      stopOnConsensus: true,
    });
    const result = await debate.execute({ topic: 'Best approach for solving X?' }, rootContext());
    expect(result).toMatchObject({ success: true, content: 'verdict after 6 turns (consensus: true)' });
    expect(result.metadata).toMatchObject({ rounds: 2, consensus: true });
    const transcript = result.metadata?.transcript as DebateTurn[];
    expect(transcript.map((t) => [t.round, t.debater, t.position])).toEqual([
      [1, 'agent1', 'queue'],
      [1, 'agent2', 'cache'],
      [1, 'agent3', 'queue'],
      [2, 'agent1', 'queue'],
      [2, 'agent2', 'queue'],
      [2, 'agent3', 'queue'],
    ]);
  });

  it('from round 2 debaters see the transcript so far', async () => {
    const seen: string[] = [];
    const listener = operator('listener', (input) => {
      seen.push(String(input.text));
      return 'POSITION: a';
    });
    await new DebateOperator({ debaters: [listener, debater('b', ['POSITION: b'])], maxRounds: 2 }).execute(
      { topic: 'T' },
      rootContext(),
    );
    expect(seen[0]).toBe('T');
    expect(seen[1]).toContain('[round 1] b: POSITION: b');
  });

  it('runs all rounds without consensus (or with stopOnConsensus false)', async () => {
    const split = [debater('a', ['POSITION: x']), debater('b', ['POSITION: y'])];
    const noConsensus = await new DebateOperator({ debaters: split, maxRounds: 3 }).execute(
      { topic: 't' },
      rootContext(),
    );
    expect(noConsensus.metadata).toMatchObject({ rounds: 3, consensus: false });
    expect(noConsensus.content).toContain('[round 3] b: POSITION: y');
    const agreeing = [debater('a', ['POSITION: x']), debater('b', ['POSITION: x'])];
    const keepGoing = await new DebateOperator({
      debaters: agreeing,
      maxRounds: 2,
      stopOnConsensus: false,
    }).execute({ topic: 't' }, rootContext({ config: { maxChildJobs: 10 } }));
    expect(keepGoing.metadata).toMatchObject({ rounds: 2, consensus: true });
    expect(keepGoing.content).toBe('POSITION: x');
  });

  it('uses a custom consensus test', async () => {
    const debate = new DebateOperator({
      debaters: [debater('a', ['yes']), debater('b', ['no'])],
      consensus: (positions) => positions.includes('yes'),
    });
    expect((await debate.execute({ topic: 't' }, rootContext())).metadata).toMatchObject({
      rounds: 1,
      consensus: true,
    });
  });

  it('fails naming the round and debater when one fails', async () => {
    const broken = operator('broken', (input) => {
      if (input.round === 2) throw new Error('lost');
      return 'POSITION: z';
    });
    const result = await new DebateOperator({ debaters: [debater('a', ['POSITION: y']), broken] }).execute(
      { topic: 't' },
      rootContext(),
    );
    expect(result).toMatchObject({ success: false, metadata: { failedRound: 2, failedDebater: 'broken' } });
  });

  it('needs two debaters', () => {
    expect(() => new DebateOperator({ debaters: [debater('a', [])] })).toThrow(ValidationError);
  });
});

describe('consensus test', () => {
  it('normalizes positions', () => {
    expect(positionOf('Long argument. POSITION:  Use   A Queue!')).toBe('use a queue');
    expect(positionOf('position: a\nposition: b.')).toBe('b');
    expect(positionOf({ answer: 1 })).toBe('{"answer":1}');
    expect(samePosition(['a', 'a'])).toBe(true);
    expect(samePosition(['a', 'b'])).toBe(false);
    expect(samePosition([])).toBe(false);
  });
});
