import picomatch from 'picomatch';

/** Whether a server's tool (by its own name) is offered: it matches `allow` (when given) and no `deny` glob. */
export function toolFilter({
  allow,
  deny,
}: {
  allow?: string[];
  deny?: string[];
}): (name: string) => boolean {
  const allowed = allow === undefined ? () => true : picomatch(allow, { dot: true });
  const denied = deny === undefined ? () => false : picomatch(deny, { dot: true });
  return (name) => allowed(name) && !denied(name);
}
