import type { Identity } from './identity';
import type { ServerKernel, ServerScope } from './server-kernel';

/** What every route can read from the context: the kernel, and once authenticated, the caller and its scope. */
export interface ServerEnv {
  Variables: {
    kernel: ServerKernel;
    identity: Identity;
    scope: ServerScope;
  };
}
