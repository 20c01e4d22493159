import { functionSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import { contentText } from '../context/content-text';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { failedBecause, type OperatorResult, succeeded } from '../context/operator-result';
import { identitySchema, operatorSchema } from '../context/operator-schema';
import { mapWithConcurrency } from '../context/semaphore';
import { childLimitFailure } from './child-limit-failure';
import { positionOf, samePosition } from './consensus';

/** One debater's contribution to one round. */
export interface DebateTurn {
  readonly round: number;
  readonly debater: string;
  readonly content: unknown;
  /** The normalized position the consensus test compares. */
  readonly position: string;
}

export type ConsensusTest = (positions: readonly string[], turns: readonly DebateTurn[]) => boolean;

export interface DebateOptions {
  debaters: readonly Operator[];
  /** Reads the transcript and gives the final answer; without one, see DebateOperator. */
  moderator?: Operator;
  maxRounds?: number;
  /** Stop after a round whose positions pass the consensus test. */
  stopOnConsensus?: boolean;
  /** Defaults to `samePosition` (all normalized positions equal; see `positionOf`). */
  consensus?: ConsensusTest;
  name?: string;
  role?: AgentRole;
  description?: string;
}

const debateSchema = z.strictObject({
  debaters: z.array(operatorSchema).min(2),
  moderator: operatorSchema.optional(),
  maxRounds: z.number().int().positive().default(3),
  stopOnConsensus: z.boolean().default(true),
  consensus: functionSchema<ConsensusTest>().optional(),
  ...identitySchema,
});

/**
 * Debaters answer the topic in rounds (each round in parallel); from round 2 they see the transcript so far.
 * The moderator gets `{ ...input, topic, transcript, consensus, text }`; its answer is the result. Without a
 * moderator the result is the agreed answer on consensus, else the transcript as text. The transcript is in
 * `metadata.transcript`, with `metadata.rounds` and `metadata.consensus`.
 */
export class DebateOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  private readonly options: z.output<typeof debateSchema>;

  constructor(options: DebateOptions) {
    this.options = parseInput(debateSchema, options, 'options');
    this.name = this.options.name ?? 'debate';
    this.role = this.options.role ?? AgentRole.COORDINATOR;
    this.description = this.options.description ?? `A debate between ${this.options.debaters.length} agents`;
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    const topic = contentText(input.topic ?? input.text ?? input);
    const refused = childLimitFailure(this, context, this.options.debaters.length * this.options.maxRounds);
    if (refused) return refused;
    const transcript: DebateTurn[] = [];
    let consensus = false;
    let rounds = 0;
    while (rounds < this.options.maxRounds && !(consensus && this.options.stopOnConsensus)) {
      rounds++;
      const turns = await this.round(rounds, topic, input, transcript, context);
      const failure = turns.find((t) => !t.result.success);
      transcript.push(...turns.map((t) => t.turn));
      if (failure)
        return failedBecause(this, failure.result, {
          transcript,
          rounds,
          consensus: false,
          failedRound: rounds,
          failedDebater: failure.turn.debater,
        });
      const positions = turns.map((t) => t.turn.position);
      consensus = (this.options.consensus ?? samePosition)(
        positions,
        turns.map((t) => t.turn),
      );
    }
    const details = { transcript, rounds, consensus };
    if (!this.options.moderator) {
      const last = transcript.at(-1);
      return succeeded(this, consensus && last ? last.content : transcriptText(topic, transcript), details);
    }
    const moderated = await context.runChild(
      this.options.moderator,
      { ...input, topic, transcript, consensus, text: transcriptText(topic, transcript) },
      { coordinator: true },
    );
    if (!moderated.success) return failedBecause(this, moderated, { ...details, moderated });
    return succeeded(this, moderated.content, { ...details, moderated });
  }

  private round(
    round: number,
    topic: string,
    input: OperatorInput,
    transcript: readonly DebateTurn[],
    context: OperatorContext,
  ): Promise<{ turn: DebateTurn; result: OperatorResult }[]> {
    const seen = [...transcript];
    const text = seen.length === 0 ? topic : transcriptText(topic, seen);
    return mapWithConcurrency(this.options.debaters, context.config.maxParallel, async (debater) => {
      const result = await context.runChild(debater, { ...input, topic, round, transcript: seen, text });
      const turn = {
        round,
        debater: debater.name,
        content: result.content,
        position: positionOf(result.content),
      };
      return { turn, result };
    });
  }
}

function transcriptText(topic: string, transcript: readonly DebateTurn[]): string {
  const lines = transcript.map((t) => `[round ${t.round}] ${t.debater}: ${contentText(t.content)}`);
  return `Topic: ${topic}\n\n${lines.join('\n')}`;
}
