/** What a plugin contributes to the runtime. */
export const PluginType = {
  TOOLS: 'tools',
  OPERATORS: 'operators',
  MIDDLEWARE: 'middleware',
  POLICY: 'policy',
  STORAGE: 'storage',
  OBSERVABILITY: 'observability',
} as const;

export type PluginType = (typeof PluginType)[keyof typeof PluginType];

export const PLUGIN_TYPES: readonly PluginType[] = Object.values(PluginType);

/** A free-form, lower-case name of something a plugin can do (`search`, `analyze`, `pdf-export`). */
export type PluginCapability = string;
