import { packageProject } from '../../vitest.shared.mts';

export default packageProject('server');
