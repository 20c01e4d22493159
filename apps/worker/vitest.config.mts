import { packageProject } from '../../vitest.shared.mts';

export default packageProject('worker-app');
