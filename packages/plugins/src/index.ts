export { dependencyOrder } from './dependency-order';
export { DuplicatePluginError } from './duplicate-plugin-error';
export type { Plugin } from './plugin';
export { PluginDependencyError, type PluginDependencyProblem } from './plugin-dependency-error';
export { PluginInitializationError } from './plugin-initialization-error';
export {
  type PluginManifest,
  type PluginManifestInput,
  pluginManifest,
  pluginManifestSchema,
} from './plugin-manifest';
export { PluginRegistry } from './plugin-registry';
export { PluginShutdownError } from './plugin-shutdown-error';
export { PLUGIN_TYPES, type PluginCapability, PluginType } from './plugin-type';
export { ToolNameCollisionError } from './tool-name-collision-error';
