import { type RuntimeEvent, type RuntimeEventDataMap, withoutUndefined } from '@agent-runtime/core';
import type { Attributes } from '@opentelemetry/api';
import type { OTelConfig } from './otel-config';

/** OpenTelemetry GenAI semantic-convention names, plus agent-runtime's own ids under `agent_runtime.*`. */
export const Attr = {
  OPERATION: 'gen_ai.operation.name',
  PROVIDER: 'gen_ai.provider.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  FINISH_REASONS: 'gen_ai.response.finish_reasons',
  INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  TOOL_NAME: 'gen_ai.tool.name',
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  TOOL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  TOOL_RESULT: 'gen_ai.tool.call.result',
} as const;

type Data<T extends keyof RuntimeEventDataMap> = Partial<RuntimeEventDataMap[T]>;

export function identityAttributes(event: RuntimeEvent, config: OTelConfig): Attributes {
  return defined({
    'agent_runtime.job_id': event.jobId,
    'agent_runtime.scope_id': event.scopeId,
    'agent_runtime.principal_id': event.principalId,
    'agent_runtime.session_id': event.sessionId,
    'agent_runtime.run_id': event.runId,
    'service.name': config.serviceName,
  });
}

export function jobStartAttributes(data: Data<'job.started'>, config: OTelConfig): Attributes {
  return defined({
    [Attr.OPERATION]: 'invoke_agent',
    [Attr.PROVIDER]: data.provider,
    [Attr.REQUEST_MODEL]: data.model,
    [Attr.INPUT_MESSAGES]:
      config.captureInput && data.prompt !== undefined
        ? json([{ role: 'user', content: data.prompt }])
        : undefined,
  });
}

export function jobResultAttributes(data: Data<'final.result'>, config: OTelConfig): Attributes {
  return defined({
    [Attr.INPUT_TOKENS]: data.usage?.inputTokens,
    [Attr.OUTPUT_TOKENS]: data.usage?.outputTokens,
    'agent_runtime.usage.total_cost': data.usage?.totalCost,
    'agent_runtime.turns': data.turns,
    [Attr.OUTPUT_MESSAGES]:
      config.captureOutput && data.content !== undefined
        ? json([{ role: 'assistant', content: data.content }])
        : undefined,
  });
}

export function modelStepAttributes(data: Data<'model.done'>, config: OTelConfig): Attributes {
  return defined({
    [Attr.OPERATION]: 'chat',
    [Attr.PROVIDER]: data.provider,
    [Attr.REQUEST_MODEL]: data.model,
    [Attr.FINISH_REASONS]: data.finishReason !== undefined ? [data.finishReason] : undefined,
    [Attr.INPUT_TOKENS]: data.usage?.inputTokens,
    [Attr.OUTPUT_TOKENS]: data.usage?.outputTokens,
    'agent_runtime.step': data.step,
    'agent_runtime.cost': data.cost,
    [Attr.OUTPUT_MESSAGES]:
      config.captureOutput && data.text !== undefined
        ? json([{ role: 'assistant', content: data.text }])
        : undefined,
  });
}

export function toolStartAttributes(data: Data<'tool.start'>, config: OTelConfig): Attributes {
  return defined({
    [Attr.OPERATION]: 'execute_tool',
    [Attr.TOOL_NAME]: data.toolName,
    [Attr.TOOL_CALL_ID]: data.toolCallId,
    'agent_runtime.step': data.step,
    [Attr.TOOL_ARGUMENTS]: config.captureToolArgs && data.input !== undefined ? json(data.input) : undefined,
  });
}

export function toolEndAttributes(data: Data<'tool.end'>, config: OTelConfig): Attributes {
  return defined({
    [Attr.TOOL_RESULT]: config.captureOutput && data.output !== undefined ? json(data.output) : undefined,
  });
}

export function actionAttributes(data: Data<'action.required'>): Attributes {
  return defined({
    'agent_runtime.action.id': data.actionId,
    'agent_runtime.action.type': data.actionType,
    [Attr.TOOL_CALL_ID]: data.toolCallId,
  });
}

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function defined(attributes: Record<string, Attributes[string] | undefined>): Attributes {
  return withoutUndefined(attributes) as Attributes;
}
