import { InvalidTransitionError, ManualClock, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ActionRecord } from './action-record';
import { ACTION_STATUSES, ActionStatus, type ActionStatus as Status } from './action-status';
import { ACTION_TYPES } from './action-type';
import { hashResumeToken } from './resume-token';

const T0 = Date.UTC(2026, 0, 1);
const record = (status: Status = ActionStatus.PENDING, expiresAt: number | undefined = T0 + 300_000) =>
  new ActionRecord({
    actionId: 'action-123',
    jobId: 'job-456',
    type: 'confirm',
    payload: { message: 'Deploy to production?' },
    status,
    createdAt: T0,
    expiresAt,
    resumeTokenHash: hashResumeToken('secure-token-xyz'),
    metadata: { source: 'deploy_tool' },
  });

describe('ActionType', () => {
  it('has the eight types of the reference', () => {
    expect(ACTION_TYPES).toEqual([
      'confirm',
      'choose',
      'input',
      'upload',
      'reauth',
      'apply_changes',
      'approval',
      'custom',
    ]);
  });
});

describe('ActionRecord.create', () => {
  it('makes a pending action with a fresh token, keeping only its hash', () => {
    const clock = new ManualClock(T0);
    const action = ActionRecord.create({ jobId: 'j', type: 'confirm', timeoutSeconds: 300 }, { clock });
    expect(action).toMatchObject({ status: 'pending', version: 1, createdAt: T0, expiresAt: T0 + 300_000 });
    expect(action.actionId).toMatch(/^act_/);
    expect(action.resumeToken).toBeDefined();
    expect(action.resumeTokenHash).toBe(hashResumeToken(action.resumeToken!));
    const serialized = JSON.stringify(action);
    expect(serialized).not.toContain(action.resumeToken);
    expect({ ...action }).not.toHaveProperty('resumeToken');
    expect(ActionRecord.fromJSON(JSON.parse(serialized)).resumeToken).toBeUndefined();
  });

  it('never expires without timeoutSeconds', () => {
    const action = ActionRecord.create({ jobId: 'j', type: 'custom-kind' });
    expect(action.expiresAt).toBeUndefined();
    expect(action.isExpired(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it.each([
    [{ jobId: '', type: 'confirm' }, 'spec.jobId'],
    [{ jobId: 'j', type: '' }, 'spec.type'],
    [{ jobId: 'j', type: 'confirm', timeoutSeconds: 0 }, 'spec.timeoutSeconds'],
    [{ jobId: 'j', type: 'confirm', payload: { f: () => 1 } }, 'spec.payload.f'],
  ])('rejects %j naming %s', (spec, field) => {
    try {
      ActionRecord.create(spec as never);
      expect.unreachable();
    } catch (error) {
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('ActionRecord transitions', () => {
  it('resolves, expires and cancels a pending action, stamping resolvedAt', () => {
    const pending = record();
    expect(pending.resolve({ approved: true, comment: 'LGTM' }, { now: T0 + 1 })).toMatchObject({
      status: 'resolved',
      resolution: { approved: true, comment: 'LGTM' },
      resolvedAt: T0 + 1,
    });
    expect(pending.expire({ now: T0 + 2 })).toMatchObject({ status: 'expired', resolvedAt: T0 + 2 });
    expect(pending.cancel('User cancelled', { now: T0 + 3 })).toMatchObject({
      status: 'cancelled',
      cancelReason: 'User cancelled',
      resolvedAt: T0 + 3,
    });
    expect(pending.status).toBe('pending');
  });

  for (const from of ACTION_STATUSES.filter((s) => s !== 'pending')) {
    it(`refuses every transition from ${from}`, () => {
      const settled = record(from);
      for (const change of [() => settled.resolve({}), () => settled.expire(), () => settled.cancel('x')]) {
        expect(change).toThrow(InvalidTransitionError);
      }
    });
  }

  it('rejects a resolution that is not JSON', () => {
    expect(() => record().resolve({ when: new Date() } as never)).toThrow(/resolution\.when/);
  });

  it('is expired at and after expiresAt while pending, and always once expired', () => {
    const pending = record(ActionStatus.PENDING, T0 + 100);
    expect(pending.isExpired(T0 + 99)).toBe(false);
    expect(pending.isExpired(T0 + 100)).toBe(true);
    expect(record(ActionStatus.RESOLVED, T0 + 100).isExpired(T0 + 200)).toBe(false);
    expect(record(ActionStatus.EXPIRED, T0 + 100).isExpired(T0)).toBe(true);
  });
});

describe('ActionRecord immutability and JSON', () => {
  it('round-trips and is frozen deeply', () => {
    const action = record().resolve({ nested: { ok: true } }, { now: T0 + 5 });
    expect(ActionRecord.fromJSON(JSON.parse(JSON.stringify(action))).toJSON()).toEqual(action.toJSON());
    expect(() => {
      (action.resolution!.nested as { ok: boolean }).ok = false;
    }).toThrow(TypeError);
  });

  it('rejects a token hash that is not a SHA-256 digest', () => {
    expect(() => ActionRecord.fromJSON({ ...record().toJSON(), resumeTokenHash: 'plaintext' })).toThrow(
      /action\.resumeTokenHash/,
    );
  });
});
