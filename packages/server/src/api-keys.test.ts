import { createHash } from 'node:crypto';
import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { API_KEYS_ENV, ApiKeyTable, apiKeysFromEnv } from './api-keys';
import { createServer } from './create-server';
import { memoryKernel } from './test-kernel';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const alice = { scopeId: 'tenant-a', principalId: 'alice', roles: ['read' as const] };

describe('API keys', () => {
  it('a key matches as plaintext or as sha256:<hex>; any other key is unknown', () => {
    const table = new ApiKeyTable({
      'plain-key': alice,
      [`sha256:${sha256('hashed-key')}`]: { ...alice, principalId: 'bob' },
    });
    expect(table.lookup('plain-key')?.principalId).toBe('alice');
    expect(table.lookup('hashed-key')?.principalId).toBe('bob');
    expect(table.lookup(`sha256:${sha256('hashed-key')}`)).toBeUndefined();
    expect(table.lookup('plain-key ')).toBeUndefined();
    expect(table.lookup('')).toBeUndefined();
  });

  it('a malformed identity is a ValidationError naming the field', () => {
    expect(() => new ApiKeyTable({ k: { scopeId: 'a', roles: ['root'] } } as never)).toThrow(
      expect.objectContaining({ field: 'apiKeys.k.roles.0' }),
    );
  });

  it(`reads ${API_KEYS_ENV} (JSON); absent or malformed is a ValidationError naming the variable`, () => {
    expect(apiKeysFromEnv({ [API_KEYS_ENV]: JSON.stringify({ k: alice }) })).toEqual({ k: alice });
    for (const env of [{}, { [API_KEYS_ENV]: '{nope' }, { [API_KEYS_ENV]: '{"k":{"roles":[]}}' }]) {
      let error: unknown;
      try {
        apiKeysFromEnv(env);
      } catch (caught) {
        error = caught;
      }
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).field).toMatch(new RegExp(`^env\\.${API_KEYS_ENV}`));
    }
  });

  it(`createServer without apiKeys or authenticate reads ${API_KEYS_ENV}`, async () => {
    const kernel = memoryKernel();
    const previous = process.env[API_KEYS_ENV];
    process.env[API_KEYS_ENV] = JSON.stringify({ [`sha256:${sha256('from-env')}`]: alice });
    try {
      const app = createServer({ kernel });
      expect((await app.request('/v1/jobs', { headers: { authorization: 'Bearer from-env' } })).status).toBe(
        200,
      );
      expect((await app.request('/v1/jobs', { headers: { authorization: 'Bearer other' } })).status).toBe(
        401,
      );
    } finally {
      if (previous === undefined) delete process.env[API_KEYS_ENV];
      else process.env[API_KEYS_ENV] = previous;
      await kernel.shutdown();
    }
  });

  it('authenticate(request) replaces the keys; undefined is a 401', async () => {
    const kernel = memoryKernel();
    const app = createServer({
      kernel,
      authenticate: (request) => (request.headers.get('x-user') === 'alice' ? alice : undefined),
    });
    expect((await app.request('/v1/jobs', { headers: { 'x-user': 'alice' } })).status).toBe(200);
    expect((await app.request('/v1/jobs', { headers: { 'x-user': 'mallory' } })).status).toBe(401);
    expect(() => createServer({ kernel, apiKeys: {}, authenticate: () => undefined })).toThrow(
      expect.objectContaining({ field: 'options.authenticate' }),
    );
    expect(() => createServer({ kernel: {} as never, apiKeys: {} })).toThrow(
      expect.objectContaining({ field: 'options.kernel' }),
    );
    await kernel.shutdown();
  });
});
