import { signal } from '@preact/signals';

/** The page to show, from the location hash: `#/jobs`, `#/jobs/<id>`, `#/approvals`, `#/usage`. */
export type Route =
  | { page: 'jobs' }
  | { page: 'job'; jobId: string }
  | { page: 'approvals' }
  | { page: 'usage' };

export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, '').split(/[/?]/);
  if (page === 'jobs' && id) return { page: 'job', jobId: decodeURIComponent(id) };
  if (page === 'approvals') return { page: 'approvals' };
  if (page === 'usage') return { page: 'usage' };
  return { page: 'jobs' };
}

export const route = signal<Route>(parseRoute(location.hash));
addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

export function navigate(hash: string): void {
  location.hash = hash;
}
