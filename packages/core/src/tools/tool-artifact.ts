import type { JsonValue } from '../json';

/** What a tool gives `toolContext.createArtifact`: a name, and the content itself or a `uri` to it. */
export interface ArtifactSpec {
  name: string;
  mimeType?: string;
  /** JSON: text, or an object. */
  content?: JsonValue;
  /** Where the artifact lives, when it is not inline. */
  uri?: string;
  metadata?: Record<string, JsonValue>;
}

/** An artifact as stored with its job. */
export interface ToolArtifact {
  readonly artifactId: string;
  readonly jobId: string;
  readonly name: string;
  readonly mimeType?: string;
  readonly content?: JsonValue;
  readonly uri?: string;
  readonly metadata: Readonly<Record<string, JsonValue>>;
  /** 1 when created, +1 on every update. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}
