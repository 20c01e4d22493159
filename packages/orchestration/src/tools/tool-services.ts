import {
  ActionRequiredError,
  type AgentToolCall,
  type ToolContext,
  ValidationError,
} from '@agent-runtime/core';
import type { OperatorContext } from '../context/operator-context';

/** The parts of a ToolContext that need a runtime around the run: human actions, artifacts, idempotency. */
export type ToolRuntime = Pick<ToolContext, 'requireAction' | 'createArtifact' | 'updateArtifact'> &
  Partial<Pick<ToolContext, 'idempotencyKey'>>;

/**
 * Gives each tool call of an AgentOperator under a context its ToolRuntime. The kernel's `executeOperator`
 * gives actions on the call's job (`waiting_action` up to the root job) and artifacts stored with it.
 */
export type ToolServices = (call: AgentToolCall, context: OperatorContext) => ToolRuntime;

/** The default ToolServices outside the kernel: there is no action manager or artifact store, so each refuses. */
export const withoutKernel: ToolServices = () => ({
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
