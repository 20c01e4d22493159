import { parseInput } from '@agent-runtime/core';
import semver from 'semver';
import { z } from 'zod';
import { PLUGIN_TYPES, type PluginCapability, type PluginType } from './plugin-type';

export interface PluginManifest {
  /** Unique within a registry: lower-case letters, digits, `-`, `_`, `.`, optionally `@scope/`. */
  readonly name: string;
  /** Semantic version of the plugin. */
  readonly version: string;
  readonly type: PluginType;
  readonly description: string;
  readonly capabilities: readonly PluginCapability[];
  /** Plugins this one needs initialized first: name → semver range (`^1.2.0`, `*`). */
  readonly dependencies: Readonly<Record<string, string>>;
}

export interface PluginManifestInput {
  name: string;
  version: string;
  type: PluginType;
  description: string;
  capabilities?: PluginCapability[];
  dependencies?: Record<string, string>;
}

const pluginName = z
  .string()
  .regex(/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]{0,127}$/, 'must be a lower-case plugin name');

export const pluginManifestSchema = z
  .strictObject({
    name: pluginName,
    version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version (1.2.3)'),
    type: z.enum(PLUGIN_TYPES as [PluginType, ...PluginType[]]),
    description: z.string().min(1),
    capabilities: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9._:-]*$/, 'must be a lower-case capability name'))
      .refine((caps) => new Set(caps).size === caps.length, 'must not repeat a capability')
      .default([]),
    dependencies: z
      .record(
        pluginName,
        z.string().refine((v) => semver.validRange(v) !== null, 'must be a semver range'),
      )
      .default({}),
  })
  .superRefine((manifest, ctx) => {
    if (Object.hasOwn(manifest.dependencies, manifest.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dependencies', manifest.name],
        message: 'a plugin cannot depend on itself',
      });
    }
  });

/** A validated, frozen manifest; throws ValidationError naming the field (`manifest.version`). */
export function pluginManifest(input: PluginManifestInput): PluginManifest {
  const parsed = parseInput(pluginManifestSchema, input, 'manifest');
  return Object.freeze({
    ...parsed,
    capabilities: Object.freeze([...parsed.capabilities]),
    dependencies: Object.freeze({ ...parsed.dependencies }),
  });
}
