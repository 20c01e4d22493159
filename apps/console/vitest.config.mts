import { packageProject } from '../../vitest.shared.mts';

// the browser test builds the console and starts Chromium: room for a slow, shared machine
export default packageProject('console', { testTimeout: 120_000, hookTimeout: 180_000 });
