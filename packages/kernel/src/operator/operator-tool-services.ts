import { asAnyRuntimeEvent, type ExecutionContext, RuntimeEvent } from '@agent-runtime/core';
import type { ToolServices } from '@agent-runtime/orchestration';
import { type ArtifactOwner, createArtifact, updateArtifact } from '../execution/job-artifacts';
import { trackArtifacts } from '../execution/track-artifacts';
import { awaitAction } from './operator-actions';
import { OperatorRun } from './operator-run';

/**
 * What the tools of agents inside an operator job get, as a job's tools do: `requireAction` waits for a human on
 * the agent's job (and every job above it), and `createArtifact` / `updateArtifact` store artifacts with the
 * agent's job, publish their events and add them to the operator's `result.artifacts`.
 */
export function operatorToolServices(run: OperatorRun): ToolServices {
  return (call, context) => {
    const ctx = context.executionContext;
    const owner = artifactOwner(run, ctx);
    return {
      idempotencyKey: `${owner.jobId}:${call.toolCallId}`,
      requireAction: (spec) =>
        awaitAction(
          run,
          ctx,
          { ...spec, metadata: { ...spec.metadata, toolCallId: call.toolCallId } },
          context.signal,
        ),
      createArtifact: (spec) => createArtifact(owner, call.toolCallId, spec),
      updateArtifact: (artifactId, patch) => updateArtifact(owner, artifactId, patch),
    };
  };
}

function artifactOwner(run: OperatorRun, ctx: ExecutionContext): ArtifactOwner {
  const { services } = run;
  return {
    jobId: OperatorRun.jobOf(ctx),
    ctx,
    services,
    publish: async (type, data) => {
      const event = RuntimeEvent.fromContext(ctx, type, { ...data }, { timestamp: services.clock.now() });
      trackArtifacts(run.artifacts, asAnyRuntimeEvent(event));
      await services.events.publish(event);
    },
  };
}
