import { type Column, column } from '../database/columns';

/** The actions table's columns, in ActionRecordJSON field order (never a plaintext resume token). */
export const ACTION_COLUMNS: readonly Column[] = [
  column('actionId'),
  column('jobId'),
  column('scopeId'),
  column('type'),
  column('payload', 'json'),
  column('status'),
  column('createdAt', 'number'),
  column('expiresAt', 'number'),
  column('resolvedAt', 'number'),
  column('resolution', 'json'),
  column('cancelReason'),
  column('resumeTokenHash'),
  column('metadata', 'json'),
  column('version', 'number'),
];
