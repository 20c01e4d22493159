import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../errors/validation-error';
import { systemClock } from '../time/clock';
import { clockSchema } from '../time/clock-schema';
import { ManualClock } from '../time/manual-clock';
import { defineTool } from '../tools/define-tool';
import { runtimeToolSchema } from '../tools/runtime-tool-schema';
import { parseInput } from '../validation';
import { functionSchema, implementing } from './implementing';

describe('implementing', () => {
  const store = implementing<{ get(): void; put(): void }>('get', 'put');

  it('accepts an object (or class instance) with every named method', () => {
    class Store {
      get() {}
      put() {}
    }
    expect(store.safeParse({ get() {}, put() {} }).success).toBe(true);
    expect(store.safeParse(new Store()).success).toBe(true);
  });

  it('refuses a value missing a method, naming the methods, with the field', () => {
    for (const value of [{ get() {} }, { get() {}, put: 1 }, null, undefined, 'get', () => {}]) {
      expect(store.safeParse(value).success).toBe(false);
    }
    const schema = z.strictObject({ store });
    let error: unknown;
    try {
      parseInput(schema, { store: { get() {} } }, 'options');
    } catch (caught) {
      error = caught;
    }
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe('options.store');
    expect((error as ValidationError).message).toContain('must have get, put');
  });
});

describe('clockSchema', () => {
  it('accepts the system clock and a ManualClock', () => {
    expect(clockSchema.safeParse(systemClock).success).toBe(true);
    expect(clockSchema.safeParse(new ManualClock()).success).toBe(true);
  });

  it('refuses a clock without sleep (or without now)', () => {
    expect(clockSchema.safeParse({ now: () => 0 }).success).toBe(false);
    expect(clockSchema.safeParse({ sleep: async () => {} }).success).toBe(false);
  });
});

describe('functionSchema and runtimeToolSchema', () => {
  it('functionSchema takes only a function', () => {
    expect(functionSchema().safeParse(() => 1).success).toBe(true);
    expect(functionSchema().safeParse({}).success).toBe(false);
  });

  it('runtimeToolSchema takes a defined tool and refuses an object without execute', () => {
    const tool = defineTool({ name: 't', description: 'd', inputSchema: z.object({}), execute: () => 1 });
    expect(runtimeToolSchema.safeParse(tool).success).toBe(true);
    expect(runtimeToolSchema.safeParse({ name: 't' }).success).toBe(false);
  });
});
