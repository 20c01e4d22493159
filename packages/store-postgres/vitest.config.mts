import { packageProject } from '../../vitest.shared.mts';

export default packageProject('store-postgres');
