import { z } from 'zod';
import { contentText } from '../context/content-text';
import { MalformedPlanError } from './malformed-plan-error';

export interface Subtask {
  readonly id: string;
  readonly description: string;
}

const subtaskSchema = z.union(
  [
    z
      .string()
      .min(1)
      .transform((description) => ({ description, id: undefined })),
    z.object({ description: z.string().min(1), id: z.string().min(1).optional() }),
  ],
  { error: 'must be a string or { description, id? }' },
);

/**
 * What a planner must answer, as JSON (optionally in a ```json fence): a non-empty array of subtasks, or
 * `{ "subtasks": [...] }`; a subtask is a string or `{ "description": string, "id"?: string }`.
 */
export const planSchema = z.preprocess(
  (plan) => (typeof plan === 'object' && plan !== null && 'subtasks' in plan ? plan.subtasks : plan),
  z.array(subtaskSchema, { error: 'must be an array of subtasks or { subtasks: [...] }' }).min(1),
);

export interface ParsedPlan {
  readonly subtasks: readonly Subtask[];
  /** Subtasks past `maxSubtasks` that were left out. */
  readonly dropped: number;
}

/** Parses a planner's content into at most `maxSubtasks` subtasks; throws MalformedPlanError. */
export function parsePlan(content: unknown, maxSubtasks: number): ParsedPlan {
  const planText = contentText(content);
  const json = typeof content === 'string' ? parseJson(content) : content;
  const result = planSchema.safeParse(json);
  if (!result.success)
    throw new MalformedPlanError({
      planText,
      issues: result.error.issues.map((i) => `${['plan', ...i.path.map(String)].join('.')}: ${i.message}`),
    });
  const subtasks = result.data.slice(0, maxSubtasks).map((s, index) => ({
    id: s.id ?? `subtask-${index + 1}`,
    description: s.description,
  }));
  return { subtasks, dropped: result.data.length - subtasks.length };
}

function parseJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new MalformedPlanError({ planText: text, issues: ['plan: is not JSON'], cause: error });
  }
}
