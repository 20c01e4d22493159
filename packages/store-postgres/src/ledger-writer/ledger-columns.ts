import { type Column, column } from '../database/columns';

/** The ledger table's columns, in LedgerEventJSON field order. */
export const LEDGER_COLUMNS: readonly Column[] = [
  column('eventId'),
  column('type'),
  column('timestamp', 'number'),
  column('jobId'),
  column('runId'),
  column('scopeId'),
  column('principalId'),
  column('sessionId'),
  column('provider'),
  column('model'),
  column('inputTokens', 'number'),
  column('outputTokens', 'number'),
  column('totalTokens', 'number'),
  column('cost', 'numeric'),
  column('durationMs', 'number'),
  column('metadata', 'json'),
];
