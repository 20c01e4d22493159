import { type Column, column } from '../database/columns';

/** The artifacts table's columns, in insert order. */
export const ARTIFACT_COLUMNS: readonly Column[] = [
  column('artifactId'),
  column('jobId'),
  column('scopeId'),
  column('name'),
  column('mimeType'),
  column('content', 'json'),
  column('uri'),
  column('metadata', 'json'),
  column('toolCallId'),
  column('version', 'number'),
  column('createdAt', 'number'),
  column('updatedAt', 'number'),
];
