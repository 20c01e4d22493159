import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'PluginDependencyError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

export type PluginDependencyProblem =
  | { kind: 'missing'; plugin: string; dependency: string }
  | { kind: 'version'; plugin: string; dependency: string; range: string; version: string }
  | { kind: 'cycle'; cycle: readonly string[] };

function describe(problem: PluginDependencyProblem): string {
  switch (problem.kind) {
    case 'missing':
      return `plugin ${problem.plugin} depends on ${problem.dependency}, which is not registered`;
    case 'version':
      return `plugin ${problem.plugin} needs ${problem.dependency}@${problem.range}, but ${problem.version} is registered`;
    case 'cycle':
      return `plugin dependency cycle: ${problem.cycle.join(' -> ')}`;
  }
}

/** The plugins' dependencies cannot be satisfied; raised before any plugin is initialized. */
export class PluginDependencyError extends AgentRuntimeError<typeof ErrorCode.PLUGIN_DEPENDENCY> {
  private readonly [symbol] = true;
  readonly problem: PluginDependencyProblem;
  constructor({ problem, cause }: { problem: PluginDependencyProblem; cause?: unknown }) {
    super({ name, code: ErrorCode.PLUGIN_DEPENDENCY, message: describe(problem), cause });
    this.problem = problem;
  }

  static override isInstance(error: unknown): error is PluginDependencyError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
