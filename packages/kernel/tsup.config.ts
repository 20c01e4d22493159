import { packageBuild } from '../../tsup.base';

// splitting also for CJS, so `testing` shares the classes of `index` (instanceof works across entries)
export default packageBuild(['src/index.ts', 'src/testing.ts'], { splitting: true });
