import type { RunMetadata } from './run-metadata';

/** The versions of the code a deterministic replay runs with, compared with the recorded ones. */
export interface ReplayVersions {
  runtimeVersion?: string;
  /** The Layer 0 (driver) version, e.g. the AI SDK's. */
  llmClientVersion?: string;
  modelVersion?: string;
  /** Tool name → version of its code. */
  toolVersions?: Readonly<Record<string, string>>;
}

/** One version that differs between the recording and the replay (`tool:<name>` for a tool). */
export interface VersionChange {
  name: string;
  recorded?: string;
  current?: string;
}

/** What differs, for every version the replay knows (an unknown current version is not compared). */
export function versionChanges(recorded: RunMetadata, current: ReplayVersions): VersionChange[] {
  const pairs: [string, string | undefined, string | undefined][] = [
    ['runtimeVersion', recorded.runtimeVersion, current.runtimeVersion],
    ['llmClientVersion', recorded.llmClientVersion, current.llmClientVersion],
    ['modelVersion', recorded.modelVersion, current.modelVersion],
  ];
  const currentTools = current.toolVersions ?? {};
  for (const name of Object.keys(currentTools))
    pairs.push([`tool:${name}`, recorded.toolVersions[name], currentTools[name]]);
  return pairs
    .filter(([, was, now]) => now !== undefined && was !== now)
    .map(([name, was, now]) => ({ name, ...(was !== undefined && { recorded: was }), current: now }));
}
