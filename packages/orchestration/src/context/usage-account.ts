import {
  addUsage,
  BudgetExceededError,
  type BudgetSpec,
  Decimal,
  type TokenUsage,
  ZERO_USAGE,
} from '@agent-runtime/core';
import type { OperatorUsage } from './operator-result';

/** What may still be spent; absent fields are unlimited. */
export interface RemainingBudget {
  readonly tokens?: number;
  readonly cost?: Decimal;
  readonly toolCalls?: number;
}

/**
 * Usage of one operator run. Spending is added to the account and to every ancestor (roll-up); what is left
 * is the least over the account and, when it inherits, its ancestors (a child never spends more than its
 * parent has left).
 */
export class UsageAccount {
  private tokens: TokenUsage = ZERO_USAGE;
  private cost = new Decimal(0);
  private toolCalls = 0;

  constructor(
    readonly budgets: BudgetSpec,
    private readonly parent?: UsageAccount,
    private readonly inheritsLimits = true,
  ) {}

  child(budgets: BudgetSpec, { inheritsLimits }: { inheritsLimits: boolean }): UsageAccount {
    return new UsageAccount(budgets, this, inheritsLimits);
  }

  add({ usage, cost, toolCalls }: { usage?: TokenUsage; cost?: Decimal; toolCalls?: number }): void {
    for (let account: UsageAccount | undefined = this; account; account = account.parent) {
      if (usage) account.tokens = addUsage(account.tokens, usage);
      if (cost) account.cost = account.cost.plus(cost);
      if (toolCalls) account.toolCalls += toolCalls;
    }
  }

  snapshot(): OperatorUsage {
    return { ...this.tokens, cost: this.cost, toolCalls: this.toolCalls };
  }

  remaining(): RemainingBudget {
    const own: RemainingBudget = {
      tokens:
        this.budgets.maxTokens === undefined ? undefined : this.budgets.maxTokens - this.tokens.totalTokens,
      cost: this.budgets.maxCost?.minus(this.cost),
      toolCalls:
        this.budgets.maxToolCalls === undefined ? undefined : this.budgets.maxToolCalls - this.toolCalls,
    };
    if (!this.parent || !this.inheritsLimits) return own;
    const inherited = this.parent.remaining();
    return {
      tokens: least(own.tokens, inherited.tokens),
      cost: leastDecimal(own.cost, inherited.cost),
      toolCalls: least(own.toolCalls, inherited.toolCalls),
    };
  }

  /** Throws BudgetExceededError when tokens or cost are used up (here or, when inheriting, above). */
  assertAvailable({ toolCall = false }: { toolCall?: boolean } = {}): void {
    const left = this.remaining();
    if (left.tokens !== undefined && left.tokens <= 0) throw this.exceeded('maxTokens', left.tokens);
    if (left.cost?.lte(0)) throw this.exceeded('maxCost', left.cost.toString());
    if (toolCall && left.toolCalls !== undefined && left.toolCalls <= 0)
      throw this.exceeded('maxToolCalls', left.toolCalls);
  }

  private exceeded(limit: string, left: number | string): BudgetExceededError {
    return new BudgetExceededError({
      limit,
      limitValue: left,
      usage: limit === 'maxCost' ? this.cost.toString() : String(this.tokens.totalTokens),
      message: `budget ${limit} exhausted (remaining ${left})`,
    });
  }
}

function least(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function leastDecimal(a: Decimal | undefined, b: Decimal | undefined): Decimal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Decimal.min(a, b);
}
