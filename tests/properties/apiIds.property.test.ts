import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestApp, startApiTestApp, users } from '../web/apiTestApp.js';

let api: ApiTestApp;

beforeAll(async () => {
  api = await startApiTestApp();
});

afterAll(async () => {
  await api?.stop();
});

/** Every id the OpenAPI document's pattern allows, 1 to 128 characters. */
const anyId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

describe('reads of any id the pattern allows', () => {
  it('never answer 5xx or a body that is not a problem: an unknown id is 404', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, fc.constantFrom('/api/posts/', '/api/proposals/'), async (id, path) => {
        const response = await api.request(users.hr, {
          method: 'GET',
          url: `${path}${encodeURIComponent(id)}`,
        });
        expect(response.statusCode, `${path}${id}: ${response.body}`).toBe(404);
        expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 40 },
    );
  });

  it('answer any method a path does not take with 405 and Allow', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyId,
        fc.constantFrom('PUT', 'PATCH', 'DELETE', 'TRACE', 'QUERY', 'POST'),
        async (id, method) => {
          const response = await api.request(users.hr, {
            method,
            url: `/api/posts/${encodeURIComponent(id)}`,
          });
          expect(response.statusCode).toBe(405);
          expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
        },
      ),
      { numRuns: 30 },
    );
  });
});
