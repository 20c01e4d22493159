import { frozenCopy, type JsonValue, parseInput, withoutUndefined } from '@agent-runtime/core';
import { z } from 'zod';

/** Something a job produced (a report, a file, a link): stored with the job, returned in its result. */
export interface ArtifactRecord {
  readonly artifactId: string;
  readonly jobId: string;
  readonly scopeId: string;
  readonly name: string;
  readonly mimeType?: string;
  /** The artifact itself, as JSON (text, an object); or a `uri` where it lives. */
  readonly content?: JsonValue;
  readonly uri?: string;
  readonly metadata: Readonly<Record<string, JsonValue>>;
  /** The tool call that created it. */
  readonly toolCallId?: string;
  /** 1 when created, +1 on every update. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const id = z.string().min(1);

/** What a tool gives `createArtifact`; `updateArtifact` takes any part of it. */
export const artifactInputSchema = z.strictObject({
  name: id,
  mimeType: id.optional(),
  content: z.json().optional(),
  uri: z.url().optional(),
  metadata: z.record(z.string(), z.json()).optional(),
});

export type ArtifactInput = z.input<typeof artifactInputSchema>;
export type ArtifactPatch = Partial<ArtifactInput>;

export const artifactPatchSchema = artifactInputSchema.partial();

export const artifactRecordSchema = z.strictObject({
  artifactId: id,
  jobId: id,
  scopeId: id,
  name: id,
  mimeType: id.optional(),
  content: z.json().optional(),
  uri: z.url().optional(),
  metadata: z.record(z.string(), z.json()).default({}),
  toolCallId: id.optional(),
  version: z.number().int().positive(),
  createdAt: z.number().nonnegative(),
  updatedAt: z.number().nonnegative(),
});

/** A validated, deeply frozen ArtifactRecord; throws ValidationError naming the field (`artifact.uri`). */
export function artifactRecord(
  input: z.input<typeof artifactRecordSchema>,
  what = 'artifact',
): ArtifactRecord {
  return frozenCopy(withoutUndefined(parseInput(artifactRecordSchema, input, what))) as ArtifactRecord;
}
