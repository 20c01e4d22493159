import { packageBuild } from '../../tsup.base';

// splitting also for CJS, so `testing` shares the code of `index`
export default packageBuild(['src/index.ts', 'src/testing.ts'], { splitting: true });
