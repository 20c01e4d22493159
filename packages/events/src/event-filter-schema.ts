import { type EventFilter, RUNTIME_EVENT_TYPES, type RuntimeEventType } from '@agent-runtime/core';
import { z } from 'zod';

const eventTypeSchema = z.enum(RUNTIME_EVENT_TYPES as [RuntimeEventType, ...RuntimeEventType[]]);

/** The shape of core's EventFilter; `eventTypes` may be any iterable and comes out as a Set. */
export const eventFilterShape = {
  eventTypes: z
    .custom<Iterable<unknown>>(
      (v) => typeof v === 'object' && v !== null && Symbol.iterator in v && typeof v !== 'string',
      'must be an iterable of event types',
    )
    .transform((v) => [...v])
    .pipe(z.array(eventTypeSchema))
    .transform((types) => new Set(types))
    .optional(),
  jobId: z.string().min(1).optional(),
  scopeId: z.string().min(1).optional(),
};

export const eventFilterSchema = z.strictObject(eventFilterShape).default({});

/** A validated filter: the Set makes matching O(1) per event. */
export type NormalizedEventFilter = EventFilter & { eventTypes?: Set<RuntimeEventType> };
