import Ajv2020 from 'ajv/dist/2020';
import { afterAll, expect, it } from 'vitest';
import { jobWaitingForApproval, memoryKernel, startServer } from './test-kernel';

const kernel = memoryKernel();
const server = await startServer(kernel);
const { client } = server;
afterAll(async () => {
  await server.close();
  await kernel.shutdown();
});

it('the real answers of every JSON route validate against the schemas /openapi.json publishes', async () => {
  const { json: document } = await client.request('GET', '/openapi.json');
  const ajv = new Ajv2020({ strict: false });
  const responseSchema = (path: string, method: string, status: number) => {
    const { $schema: _drop, ...schema } =
      document.paths[path][method].responses[status].content['application/json'].schema;
    return ajv.compile(schema);
  };
  const { jobId, actionId } = await jobWaitingForApproval(client);
  const checks = [
    [
      '/v1/jobs',
      'post',
      201,
      await client.request('POST', '/v1/jobs', { key: 'key-a-submit', body: { prompt: 'x' } }),
    ],
    ['/v1/jobs', 'get', 200, await client.request('GET', '/v1/jobs', { key: 'key-a-read' })],
    ['/v1/jobs/{id}', 'get', 200, await client.request('GET', `/v1/jobs/${jobId}`, { key: 'key-a-read' })],
    ['/v1/actions', 'get', 200, await client.request('GET', '/v1/actions', { key: 'key-a-read' })],
    ['/v1/usage', 'get', 200, await client.request('GET', '/v1/usage', { key: 'key-a-read' })],
    [
      '/v1/actions/{id}/resolve',
      'post',
      200,
      await client.request('POST', `/v1/actions/${actionId}/resolve`, {
        key: 'key-a-approve',
        body: { resolution: { approved: true } },
      }),
    ],
    [
      '/v1/jobs/{id}/cancel',
      'post',
      200,
      await client.request('POST', `/v1/jobs/${(await jobWaitingForApproval(client)).jobId}/cancel`, {
        key: 'key-a-submit',
      }),
    ],
    ['/healthz', 'get', 200, await client.request('GET', '/healthz')],
    ['/readyz', 'get', 200, await client.request('GET', '/readyz')],
  ] as const;
  for (const [path, method, status, answer] of checks) {
    expect(answer.status, `${method} ${path}`).toBe(status);
    const validate = responseSchema(path, method, status);
    expect(validate(answer.json), `${method} ${path}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  }
  const { $schema: _drop, ...problem } = document.components.schemas.Problem;
  const validateProblem = ajv.compile(problem);
  expect(validateProblem((await client.request('GET', '/v1/jobs')).json)).toBe(true);
  const { $schema: _s, ...createBody } =
    document.paths['/v1/jobs'].post.requestBody.content['application/json'].schema;
  const validateBody = ajv.compile(createBody);
  expect(validateBody({ prompt: 'x', mode: 'submit', budgets: { maxCost: '0.5' } })).toBe(true);
  expect(validateBody({ prompt: 'x', scopeId: 'other' })).toBe(false);
});
