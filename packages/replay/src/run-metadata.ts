import { jsonObjectSchema, parseInput, stableHash } from '@agent-runtime/core';
import { z } from 'zod';

const metadataSchema = z.strictObject({
  runtimeVersion: z.string().min(1),
  llmClientVersion: z.string().min(1).optional(),
  modelVersion: z.string().min(1).optional(),
  config: jsonObjectSchema().default({}),
  tools: z.array(z.string().min(1)).default([]),
  /** Tool name → the version of its code; a replay reports a tool whose version changed. */
  toolVersions: z.record(z.string().min(1), z.string().min(1)).default({}),
  createdAt: z.number().nonnegative().optional(),
});

export type RunMetadataInput = z.input<typeof metadataSchema>;

export interface RunMetadataJSON {
  runtimeVersion: string;
  llmClientVersion?: string;
  modelVersion?: string;
  config: Record<string, unknown>;
  tools: string[];
  toolVersions: Record<string, string>;
  createdAt: number;
  configHash: string;
  toolsHash: string;
}

/**
 * What shaped a recorded run: versions, config and tool set, with stable hashes (sha256 of canonical JSON; the
 * tool set is hashed sorted, so order does not matter) that a replay compares to notice drift.
 */
export class RunMetadata {
  private constructor(readonly json: Readonly<RunMetadataJSON>) {}

  static create(input: RunMetadataInput): RunMetadata {
    const parsed = parseInput(metadataSchema, input, 'metadata');
    const tools = [...parsed.tools].sort();
    return new RunMetadata(
      Object.freeze({
        ...parsed,
        tools,
        createdAt: parsed.createdAt ?? Date.now(),
        configHash: stableHash(parsed.config),
        toolsHash: stableHash(tools),
      }),
    );
  }

  get runtimeVersion(): string {
    return this.json.runtimeVersion;
  }
  get llmClientVersion(): string | undefined {
    return this.json.llmClientVersion;
  }
  get modelVersion(): string | undefined {
    return this.json.modelVersion;
  }
  get toolVersions(): Readonly<Record<string, string>> {
    return this.json.toolVersions;
  }
  get config(): Readonly<Record<string, unknown>> {
    return this.json.config;
  }
  get tools(): readonly string[] {
    return this.json.tools;
  }
  get configHash(): string {
    return this.json.configHash;
  }
  get toolsHash(): string {
    return this.json.toolsHash;
  }

  /** A copy with some fields replaced (hashes recomputed). */
  with(patch: Partial<RunMetadataInput>): RunMetadata {
    const { configHash: _c, toolsHash: _t, ...input } = this.json;
    return RunMetadata.create({ ...input, ...patch });
  }

  toJSON(): RunMetadataJSON {
    return { ...this.json };
  }

  /** Rebuilds metadata from JSON; the hashes are recomputed and must match the stored ones. */
  static fromJSON(json: unknown): { metadata: RunMetadata; hashesMatch: boolean } {
    const stored = parseInput(
      metadataSchema.extend({
        createdAt: z.number().nonnegative(),
        configHash: z.string(),
        toolsHash: z.string(),
      }),
      json,
      'metadata',
    );
    const { configHash, toolsHash, ...input } = stored;
    const metadata = RunMetadata.create(input);
    return { metadata, hashesMatch: metadata.configHash === configHash && metadata.toolsHash === toolsHash };
  }
}
