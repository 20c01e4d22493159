// Every published package changed since the base branch has a changeset: `changeset status` against the base,
// found as a fresh clone has it (`origin/main`; a local `main` otherwise). Private packages and those the
// changesets config ignores (bench, quickstart) need none.
import { spawnSync } from 'node:child_process';

const git = (...args) => spawnSync('git', args, { encoding: 'utf8' });
const base = ['origin/main', 'main'].find((ref) => git('rev-parse', '--verify', '--quiet', ref).status === 0);
if (!base) {
  console.error('changesets: no base branch to compare with (neither origin/main nor main exists)');
  process.exit(1);
}
const status = spawnSync('npx', ['changeset', 'status', `--since=${base}`], { stdio: 'inherit' });
process.exit(status.status ?? 1);
