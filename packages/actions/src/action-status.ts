/** The lifecycle states of an action: pending until resolved, expired or cancelled. */
export const ActionStatus = {
  PENDING: 'pending',
  RESOLVED: 'resolved',
  EXPIRED: 'expired',
  CANCELLED: 'cancelled',
} as const;

export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];

export const ACTION_STATUSES: readonly ActionStatus[] = Object.values(ActionStatus);
