import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/** Restricts a usage read to one tenant. */
export interface UsageScopeOptions {
  /** Only this scope's events are read. @default undefined (any scope: trusted, in-process code) */
  scopeId?: string;
}

const optionsSchema = z.strictObject({ scopeId: z.string().min(1).optional() });

/** The filter pinned to `options.scopeId`; undefined when the filter asks for another scope (nothing matches). */
export function scopedFilter<F extends { scopeId?: string }>(
  filter: F,
  options: UsageScopeOptions,
): F | undefined {
  const { scopeId } = parseInput(optionsSchema, options, 'options');
  if (scopeId === undefined) return filter;
  if (filter.scopeId !== undefined && filter.scopeId !== scopeId) return undefined;
  return { ...filter, scopeId };
}
