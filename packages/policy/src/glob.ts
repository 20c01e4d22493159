import picomatch from 'picomatch';

/** A name matcher over glob patterns (`file_*`, `gpt-4*`, `{a,b}_*`); names are matched whole. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  return picomatch([...patterns], { dot: true });
}
