import { z } from 'zod';
import { jsonObjectSchema } from '../input/json-value-schema';
import { parseInput } from '../validation';
import { withoutUndefined } from '../without-undefined';

/** Names the policy set that governs an execution, with local overrides. */
export interface PolicyRef {
  readonly name: string;
  readonly version?: string;
  readonly overrides?: Readonly<Record<string, unknown>>;
}

export const policyRefSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1).optional(),
  overrides: jsonObjectSchema().optional(),
});

export function policyRef(input: PolicyRef, what = 'policyRef'): PolicyRef {
  return withoutUndefined(parseInput(policyRefSchema, input, what));
}
