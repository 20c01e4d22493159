import { readFile, writeFile } from 'node:fs/promises';
import {
  canonicalJson,
  jsonObjectSchema,
  jsonValueSchema,
  ReplayValidationError,
  RuntimeEvent,
  sha256,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { EventFingerprint } from './event-fingerprint';
import { modelResponseSchema } from './model-response';
import type { RecordedEvent } from './recorded-event';
import { eventIssues } from './recording-validation';
import { RunMetadata, type RunMetadataJSON } from './run-metadata';

export const FORMAT_VERSION = 1;

export interface RecordingJSON {
  formatVersion: number;
  /** `sha256:` + hex of the canonical JSON of everything else: any edit shows. */
  checksum: string;
  metadata: RunMetadataJSON;
  initialInput: Record<string, unknown>;
  events: {
    event: unknown;
    fingerprint: EventFingerprint;
    relativeTimestampMs: number;
    modelResponse?: unknown;
  }[];
}

const recordingSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  metadata: jsonValueSchema(),
  initialInput: jsonObjectSchema(),
  events: z.array(
    z.strictObject({
      event: jsonValueSchema(),
      fingerprint: z.strictObject({ type: z.string(), hash: z.string() }),
      relativeTimestampMs: z.number().nonnegative(),
      modelResponse: modelResponseSchema.optional(),
    }),
  ),
});

/** A recorded run: metadata, the input that started it, and its events with fingerprints and model responses. */
export class Recording {
  readonly formatVersion = FORMAT_VERSION;

  constructor(
    readonly metadata: RunMetadata,
    readonly initialInput: Readonly<Record<string, unknown>>,
    readonly events: readonly RecordedEvent[],
  ) {}

  /** The recorded model responses in step order (what deterministic replay serves). */
  get modelResponses() {
    return this.events.flatMap((e) => (e.modelResponse ? [e.modelResponse] : []));
  }

  toJSON(): RecordingJSON {
    const body = {
      formatVersion: this.formatVersion,
      metadata: this.metadata.toJSON(),
      initialInput: { ...this.initialInput },
      events: this.events.map(({ event, fingerprint, relativeTimestampMs, modelResponse }) => ({
        event: event.toJSON(),
        fingerprint,
        relativeTimestampMs,
        ...(modelResponse ? { modelResponse } : {}),
      })),
    };
    return { ...body, checksum: `sha256:${sha256(canonicalJson(body))}` };
  }

  /**
   * Validates and rebuilds a recording. Throws ReplayValidationError whose `problem` is `corrupted` (not a
   * recording object), `unsupported_version`, `invalid` (a field is malformed; the message names it),
   * `tampered` (checksum or metadata hashes do not match) or `inconsistent` (fingerprints, timing or model
   * responses do not agree with the events).
   */
  static fromJSON(json: unknown): Recording {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new ReplayValidationError({ problem: 'corrupted', message: 'a recording must be a JSON object' });
    const version = (json as { formatVersion?: unknown }).formatVersion;
    if (version !== FORMAT_VERSION)
      throw new ReplayValidationError({
        problem: 'unsupported_version',
        message: `recording format version ${JSON.stringify(version)} is not supported (expected ${FORMAT_VERSION})`,
      });
    const parsed = invalidAs(() => recordingSchema.parse(json));
    const { checksum, ...body } = parsed;
    if (checksum !== `sha256:${sha256(canonicalJson(body))}`)
      throw new ReplayValidationError({
        problem: 'tampered',
        message: 'recording checksum does not match its content',
      });
    const { metadata, hashesMatch } = invalidAs(() => RunMetadata.fromJSON(parsed.metadata));
    if (!hashesMatch)
      throw new ReplayValidationError({
        problem: 'tampered',
        message: 'metadata config or tool hashes do not match',
      });
    const events = parsed.events.map((e, i) => ({
      ...e,
      fingerprint: e.fingerprint as EventFingerprint,
      event: invalidAs(() => RuntimeEvent.fromJSON(e.event), `events.${i}.event`),
    })) as RecordedEvent[];
    const issues = eventIssues(events);
    if (issues.length)
      throw new ReplayValidationError({ problem: 'inconsistent', message: issues.join('; ') });
    return new Recording(metadata, parsed.initialInput, events);
  }

  async save(path: string): Promise<void> {
    await writeFile(path, `${JSON.stringify(this.toJSON(), null, 2)}\n`, 'utf8');
  }

  /** Loads a saved recording; a truncated file is `truncated`, unparseable JSON `corrupted` (see fromJSON). */
  static async load(path: string): Promise<Recording> {
    const text = await readFile(path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const truncated = text.trim().length === 0 || /end of (JSON )?input|Unterminated/i.test(String(error));
      throw new ReplayValidationError({
        problem: truncated ? 'truncated' : 'corrupted',
        message: `${path} is ${truncated ? 'truncated' : 'not valid JSON'}: ${(error as Error).message}`,
        cause: error,
      });
    }
    return Recording.fromJSON(json);
  }
}

function invalidAs<T>(parse: () => T, where = 'recording'): T {
  try {
    return parse();
  } catch (error) {
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`).join('; ')
        : `${where}: ${(error as Error).message}`;
    throw new ReplayValidationError({ problem: 'invalid', message: detail, cause: error });
  }
}
