import { z } from 'zod';

/** A SignalMessage as it travels (validated on send, parsed on receipt; never carries a resume token). */
export const signalMessageSchema = z.strictObject({
  actionId: z.string().min(1),
  status: z.enum(['resolved', 'expired', 'cancelled']),
  resolution: z.record(z.string(), z.unknown()).optional(),
});
