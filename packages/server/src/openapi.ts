import { z } from 'zod';
import type { Role } from './identity';
import {
  actionListSchema,
  actionSchema,
  cancelJobBodySchema,
  createJobBodySchema,
  healthSchema,
  jobPageSchema,
  jobSchema,
  listActionsQuerySchema,
  listJobsQuerySchema,
  problemSchema,
  resolveActionBodySchema,
  resolveByTokenBodySchema,
  usageQuerySchema,
  usageReportSchema,
} from './schemas';

interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  /** The role the route needs; none: no API key. */
  role?: Role;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: number;
  response: z.ZodType;
  contentType?: string;
}

const idParam = (what: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: what,
});

const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/v1/jobs',
    summary: 'Run a job now, or queue it with {"mode":"submit"}',
    role: 'submit',
    body: createJobBodySchema,
    status: 201,
    response: jobSchema,
  },
  {
    method: 'get',
    path: '/v1/jobs',
    summary: "The scope's jobs, newest first, paged by cursor",
    role: 'read',
    query: listJobsQuerySchema,
    status: 200,
    response: jobPageSchema,
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}',
    summary: 'One job',
    role: 'read',
    status: 200,
    response: jobSchema,
  },
  {
    method: 'get',
    path: '/v1/jobs/{id}/events',
    summary: "The job's events as Server-Sent Events (id = seq; send Last-Event-ID to resume)",
    role: 'read',
    status: 200,
    response: z.string(),
    contentType: 'text/event-stream',
  },
  {
    method: 'post',
    path: '/v1/jobs/{id}/cancel',
    summary: 'Cancel a job',
    role: 'submit',
    body: cancelJobBodySchema,
    status: 200,
    response: jobSchema,
  },
  {
    method: 'get',
    path: '/v1/actions',
    summary: "The scope's pending actions",
    role: 'read',
    query: listActionsQuerySchema,
    status: 200,
    response: actionListSchema,
  },
  {
    method: 'post',
    path: '/v1/actions/{id}/resolve',
    summary: 'Resolve an action as an approver of its scope',
    role: 'approve',
    body: resolveActionBodySchema,
    status: 200,
    response: actionSchema,
  },
  {
    method: 'post',
    path: '/v1/actions/resolve',
    summary: 'Resolve an action by its resume token (the token is the capability; no API key)',
    body: resolveByTokenBodySchema,
    status: 200,
    response: actionSchema,
  },
  {
    method: 'get',
    path: '/v1/usage',
    summary: 'Tokens and cost of the scope (or one principal): the day, the month, and per day',
    role: 'read',
    query: usageQuerySchema,
    status: 200,
    response: usageReportSchema,
  },
  { method: 'get', path: '/healthz', summary: 'The process answers', status: 200, response: healthSchema },
  { method: 'get', path: '/readyz', summary: 'The stores answer', status: 200, response: healthSchema },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

function queryParameters(query: z.ZodObject) {
  const schema = jsonSchema(query, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function operationObject(op: Operation) {
  const parameters = [
    ...(op.path.includes('{id}') ? [idParam(op.path.includes('actions') ? 'action id' : 'job id')] : []),
    ...(op.path === '/v1/jobs' && op.method === 'post'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 255 },
          },
        ]
      : []),
    ...(op.path.endsWith('/events')
      ? [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }]
      : []),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  return {
    summary: op.summary,
    ...(op.role ? { security: [{ apiKey: [] }], 'x-required-role': op.role } : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: false,
            content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [op.status]: {
        description: 'OK',
        content: { [op.contentType ?? 'application/json']: { schema: jsonSchema(op.response, 'output') } },
      },
      400: problem('A body, query or header field is invalid (`field` names it)'),
      ...(op.role
        ? { 401: problem('No valid API key'), 403: problem(`The key lacks the ${op.role} role`) }
        : {}),
      default: problem('Any other typed error (`code`)'),
    },
  };
}

/** The OpenAPI 3.1 document of the server's routes, generated from the zod schemas the routes validate with. */
export function openApiDocument({
  title = 'agent-runtime',
  version = '0.1.0',
}: {
  title?: string;
  version?: string;
} = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  return {
    openapi: '3.1.0',
    info: { title, version },
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
    },
  };
}
