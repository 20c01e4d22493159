import { z } from 'zod';
import { parseInput } from '../validation';
import { withoutUndefined } from '../without-undefined';

/** Versions of everything that shaped a run, checked when a recording is replayed. */
export interface RunVersions {
  readonly runtimeVersion?: string;
  /** The Layer 0 version (here: the Vercel AI SDK `ai` package). Named as in the reference. */
  readonly llmClientVersion?: string;
  readonly operatorVersion?: string;
  readonly modelVersion?: string;
  readonly schemaVersion: number;
}

export type RunVersionsInput = Partial<RunVersions>;

export const runVersionsSchema = z.strictObject({
  runtimeVersion: z.string().min(1).optional(),
  llmClientVersion: z.string().min(1).optional(),
  operatorVersion: z.string().min(1).optional(),
  modelVersion: z.string().min(1).optional(),
  schemaVersion: z.number().int().positive().default(1),
});

export function runVersions(input: RunVersionsInput = {}, what = 'versions'): RunVersions {
  return withoutUndefined(parseInput(runVersionsSchema, input, what));
}
