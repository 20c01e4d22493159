import { relativeTime } from '../format';

export function RelativeTime({ at }: { at: number }) {
  return <time title={new Date(at).toISOString()}>{relativeTime(at)}</time>;
}
