import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import { contentText } from '../context/content-text';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { failedBecause, type OperatorResult, succeeded } from '../context/operator-result';
import { identitySchema, operatorSchema } from '../context/operator-schema';
import { childLimitFailure } from './child-limit-failure';

export interface ChainOptions {
  name?: string;
  role?: AgentRole;
  description?: string;
}

const chainSchema = z.strictObject({
  operators: z.array(operatorSchema).min(1),
  options: z.strictObject(identitySchema).default({}),
});

/**
 * Runs operators in sequence: each step gets the original input with `text` replaced by the previous step's
 * content (and `previousContent` set to it). Stops at the first failure; the result says which step failed
 * (`metadata.failedStep`, `metadata.failedOperator`).
 */
export class ChainOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  readonly operators: readonly Operator[];

  constructor(operators: readonly Operator[], options: ChainOptions = {}) {
    const parsed = parseInput(chainSchema, { operators, options }, 'chain');
    this.operators = parsed.operators;
    this.name = parsed.options.name ?? 'chain';
    this.role = parsed.options.role ?? AgentRole.COORDINATOR;
    this.description = parsed.options.description ?? `Runs ${this.operators.map((o) => o.name).join(' → ')}`;
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    const refused = childLimitFailure(this, context, this.operators.length);
    if (refused) return refused;
    const steps: OperatorResult[] = [];
    let stepInput = input;
    for (const [index, operator] of this.operators.entries()) {
      const result = await context.runChild(operator, stepInput);
      steps.push(result);
      if (!result.success) {
        return failedBecause(this, result, { failedStep: index, failedOperator: operator.name, steps });
      }
      stepInput = { ...input, text: contentText(result.content), previousContent: result.content };
    }
    return succeeded(this, steps.at(-1)?.content, { steps });
  }
}
