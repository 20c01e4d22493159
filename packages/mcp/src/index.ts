export { McpApprovalRejectedError } from './mcp-approval-rejected-error';
export { McpCallError, type McpCallErrorFields } from './mcp-call-error';
export { McpConnectionLostError } from './mcp-connection-lost-error';
export { McpInitializationError } from './mcp-initialization-error';
export { McpPlugin, mcpPlugin } from './mcp-plugin';
export {
  type McpApproval,
  type McpApprovalFunction,
  type McpHttpServer,
  type McpPluginOptions,
  type McpStdioServer,
  mcpPluginOptionsSchema,
} from './mcp-plugin-options';
export { McpServerUnavailableError } from './mcp-server-unavailable-error';
export { McpToolError } from './mcp-tool-error';
export { McpToolTimeoutError } from './mcp-tool-timeout-error';
