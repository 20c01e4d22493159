import { createHash, timingSafeEqual } from 'node:crypto';
import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { type Identity, identitySchema } from './identity';

/**
 * API keys and who each one is. A key is either the plaintext key or `sha256:<hex digest of the key>` (so a
 * configuration file or environment variable need not hold the key itself).
 */
export type ApiKeys = Record<string, Identity>;

/** The environment variable `apiKeysFromEnv` reads: a JSON object of the `ApiKeys` shape. */
export const API_KEYS_ENV = 'AGENT_RUNTIME_API_KEYS';

const HASHED = /^sha256:([0-9a-f]{64})$/;
const apiKeysSchema = z.record(z.string().min(1), identitySchema);

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The keys, held only as SHA-256 digests, each compared in constant time. */
export class ApiKeyTable {
  private readonly entries: { hash: Buffer; identity: Identity }[];

  constructor(keys: ApiKeys) {
    const parsed = parseInput(apiKeysSchema, keys, 'apiKeys');
    this.entries = Object.entries(parsed).map(([key, identity]) => {
      const hashed = HASHED.exec(key);
      return { hash: hashed ? Buffer.from(hashed[1]!, 'hex') : digest(key), identity };
    });
  }

  /** The identity of `key`, or undefined. Compares against every entry, so the time does not tell which matched. */
  lookup(key: string): Identity | undefined {
    const hash = digest(key);
    let found: Identity | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.hash, hash)) found ??= entry.identity;
    return found;
  }
}

/** The `ApiKeys` in `AGENT_RUNTIME_API_KEYS` (JSON); ValidationError (`env.AGENT_RUNTIME_API_KEYS`) when absent or malformed. */
export function apiKeysFromEnv(env: Record<string, string | undefined> = process.env): ApiKeys {
  const field = `env.${API_KEYS_ENV}`;
  const text = env[API_KEYS_ENV];
  let value: unknown;
  try {
    value = text === undefined ? undefined : JSON.parse(text);
  } catch {
    value = text;
  }
  return parseInput(apiKeysSchema, value, field);
}
