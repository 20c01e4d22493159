import { ActionRequiredError, type ToolContext, ValidationError } from '@agent-runtime/core';

/** The parts of a ToolContext that need a runtime around the run: human actions, artifacts, idempotency. */
export type ToolRuntime = Pick<ToolContext, 'requireAction' | 'createArtifact' | 'updateArtifact'> &
  Partial<Pick<ToolContext, 'idempotencyKey'>>;

/** The default ToolServices outside the kernel: there is no action manager or artifact store, so each refuses. */
export const withoutKernel = (): ToolRuntime => ({
  requireAction: async (spec) => {
    throw new ActionRequiredError(spec, { message: `action ${spec.type} needs the kernel's action manager` });
  },
  createArtifact: () => noArtifacts('createArtifact'),
  updateArtifact: () => noArtifacts('updateArtifact'),
});

async function noArtifacts(method: string): Promise<never> {
  const field = `toolContext.${method}`;
  throw new ValidationError({ field, message: `${field}: artifacts are stored with a kernel job` });
}
