import type { z } from 'zod';
import { implementing } from '../input/implementing';
import type { Clock } from './clock';

/** A Clock: both `now` and `sleep` (a component that waits calls `sleep`, so one without it is refused up front). */
export const clockSchema: z.ZodType<Clock> = implementing<Clock>('now', 'sleep');
