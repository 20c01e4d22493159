/** What a human is asked to do. Any other non-empty string is accepted as a custom type. */
export const ActionType = {
  CONFIRM: 'confirm',
  CHOOSE: 'choose',
  INPUT: 'input',
  UPLOAD: 'upload',
  REAUTH: 'reauth',
  APPLY_CHANGES: 'apply_changes',
  APPROVAL: 'approval',
  CUSTOM: 'custom',
} as const;

export type ActionType = (typeof ActionType)[keyof typeof ActionType];

export const ACTION_TYPES: readonly ActionType[] = Object.values(ActionType);
