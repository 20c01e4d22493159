import { ValidationError } from '@agent-runtime/core';
import { contentText } from '../context/content-text';
import type { OperatorInput } from '../context/operator-context';

/** A string with `{field}` / `{field.sub}` placeholders (`{{` and `}}` for literal braces), or a function. */
export type PromptTemplate = string | ((input: OperatorInput) => string);

const PLACEHOLDER = /\{\{|\}\}|\{([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\}/g;

/** The prompt for `input`; a placeholder whose field is missing throws ValidationError naming `input.<field>`. */
export function renderPrompt(template: PromptTemplate, input: OperatorInput): string {
  if (typeof template === 'function') return template(input);
  return template.replace(PLACEHOLDER, (match, path: string | undefined) => {
    if (path === undefined) return match[0]!;
    const value = path.split('.').reduce<unknown>((at, key) => (isRecord(at) ? at[key] : undefined), input);
    if (value === undefined)
      throw new ValidationError({
        field: `input.${path}`,
        message: `input.${path}: required by the prompt template`,
      });
    return contentText(value);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
