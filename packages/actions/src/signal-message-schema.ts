import { z } from 'zod';
import type { ActionRecordJSON } from './action-record';

/**
 * A SignalMessage as it travels (validated on send, parsed on receipt; never carries a resume token). The
 * settled record it may carry is validated where it is used (`ActionRecord.fromJSON`).
 */
export const signalMessageSchema = z.strictObject({
  actionId: z.string().min(1),
  status: z.enum(['resolved', 'expired', 'cancelled']),
  resolution: z.record(z.string(), z.unknown()).optional(),
  action: z.custom<ActionRecordJSON>((value) => typeof value === 'object' && value !== null).optional(),
});
