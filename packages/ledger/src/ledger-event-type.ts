/** What a ledger event records. Usage events count toward budgets; budget events are audit only. */
export const LedgerEventType = {
  MODEL_USAGE: 'model_usage',
  TOOL_USAGE: 'tool_usage',
  BUDGET_WARNING: 'budget_warning',
  BUDGET_EXCEEDED: 'budget_exceeded',
} as const;

export type LedgerEventType = (typeof LedgerEventType)[keyof typeof LedgerEventType];

export const LEDGER_EVENT_TYPES: readonly LedgerEventType[] = Object.values(LedgerEventType);
