import { packageProject } from '../vitest.shared.mts';

export default packageProject('bench', { testTimeout: 120_000 });
