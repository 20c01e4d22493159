export { ActionCancelledError, ActionExpiredError, ActionRequiredError } from '@agent-runtime/core';
export {
  type ActionFilter,
  actionFilterSchema,
  compareActions,
  matchesActionFilter,
  parseActionFilter,
} from './action-filter';
export { ActionManager } from './action-manager';
export type {
  ActionCancelOptions,
  ActionManagerOptions,
  ActionScopeOptions,
  ResolveActionOptions,
  SweeperOptions,
  WaitForResolutionOptions,
} from './action-manager-options';
export { ActionRecord, type ActionRecordInit, type ActionRecordJSON } from './action-record';
export { type ActionRetention, actionRetentionSchema } from './action-retention';
export { type ActionSpec, actionSpecSchema } from './action-spec';
export { ACTION_STATUSES, ActionStatus } from './action-status';
export type { ActionStore } from './action-store';
export { ACTION_TYPES, ActionType } from './action-type';
export { DuplicateActionError } from './duplicate-action-error';
export { InMemoryActionStore, type InMemoryActionStoreOptions } from './in-memory-action-store';
export { InMemorySignalChannel, type InMemorySignalChannelOptions } from './in-memory-signal-channel';
export { InvalidResumeTokenError } from './invalid-resume-token-error';
export { generateResumeToken, hashResumeToken, resumeTokenHashesEqual } from './resume-token';
export { ResumeTokenUsedError } from './resume-token-used-error';
export type { SignalChannel, SignalMessage, SignalWaitOptions } from './signal-channel';
export { SignalDeliveryError } from './signal-delivery-error';
export { signalMessageSchema } from './signal-message-schema';
