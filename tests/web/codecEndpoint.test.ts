import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadCodecFor } from '../../codec/dataConverter.js';
import { EncryptionCodec } from '../../codec/encryptionCodec.js';
import { loadConfig } from '../../config/index.js';
import { codecEndpoint } from '../../web/codec/codecEndpoint.js';
import { exampleUser } from '../support/exampleDirectory.js';
import { startLocalWebApp } from './localWebApp.js';

const uiOrigin = 'http://127.0.0.1:8233';
const codec = new EncryptionCodec({ current: 'k1', keys: new Map([['k1', randomBytes(32)]]) });
let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  // Stands in for web/auth/authentication.ts: the test names the signed-in demo user in a header.
  app.decorateRequest('user', undefined);
  app.addHook('onRequest', async (request) => {
    const id = request.headers['x-test-user'];
    request.user = typeof id === 'string' ? exampleUser(id) : undefined;
  });
  await app.register(codecEndpoint, { codec, config: loadConfig({}) });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');

/** A payload as the Temporal Web UI sends it: protobuf JSON, bytes as base64. */
async function encryptedBody(value: unknown) {
  const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return {
    payloads: [
      {
        metadata: Object.fromEntries(
          Object.entries(encrypted?.metadata ?? {}).map(([name, bytes]) => [name, base64(bytes)]),
        ),
        data: base64(encrypted?.data),
      },
    ],
  };
}

const post = { jobTitle: 'Community Occupational Therapist', grade: 'PO1' };

function decode(user: string | undefined, body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/codec/decode',
    headers: {
      origin: uiOrigin,
      'content-type': 'application/json',
      'x-namespace': 'council-posts',
      ...(user ? { 'x-test-user': user } : {}),
    },
    payload: JSON.stringify(body),
  });
}

describe('the codec endpoint for the Temporal Web UI', () => {
  it('decodes an encrypted payload for a director, with CORS headers for the UI', async () => {
    const response = await decode('director.julie', await encryptedBody(post));
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    const [payload] = response.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>()
      .payloads;
    expect(Buffer.from(payload?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload?.data ?? '', 'base64').toString())).toEqual(post);
  });

  it('decodes for a deputy and for HR too', async () => {
    for (const user of ['deputy.farrah', 'hr.sam']) {
      expect((await decode(user, await encryptedBody(post))).statusCode).toBe(200);
    }
  });

  it('encodes for the UI, so what it sends a workflow is encrypted like the rest', async () => {
    const plain = defaultPayloadConverter.toPayload(post);
    const response = await app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { origin: uiOrigin, 'x-test-user': 'director.julie' },
      payload: {
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(plain.metadata ?? {}).map(([k, v]) => [k, base64(v)]),
            ),
            data: base64(plain.data),
          },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const [encrypted] = response.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>()
      .payloads;
    expect(Buffer.from(encrypted?.metadata.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(encrypted?.data ?? '', 'base64').includes('Occupational')).toBe(false);
  });

  it('refuses a signed-in viewer with 403, and says so to the UI', async () => {
    const response = await decode('viewer.pat', await encryptedBody(post));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ status: 403, detail: 'a viewer may not see workflow payloads' });
    expect(response.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(response.body).not.toContain('Occupational');
  });

  it('refuses other roles that do not decide on posts', async () => {
    for (const user of ['union.unison', 'finance.officer', 'cllr.venner']) {
      expect((await decode(user, await encryptedBody(post))).statusCode).toBe(403);
    }
  });

  it('refuses an anonymous request with 401', async () => {
    const response = await decode(undefined, await encryptedBody(post));
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).not.toContain('Occupational');
  });

  it('answers the CORS preflight for the UI origin, allowing X-Namespace, without sign-in', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: {
        origin: uiOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    expect(response.headers['access-control-allow-methods']).toContain('POST');
    const allowed = String(response.headers['access-control-allow-headers']).toLowerCase();
    expect(allowed).toContain('x-namespace');
    expect(allowed).toContain('content-type');
  });

  it('gives no CORS permission to any other origin', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/codec/decode',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const request = await app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: { origin: 'http://evil.example', 'x-test-user': 'director.julie' },
      payload: await encryptedBody(post),
    });
    expect(request.headers['access-control-allow-origin']).toBeUndefined();
    expect(request.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers a body that is not payloads with 400 naming the field', async () => {
    const response = await decode('director.julie', { payloads: [{ data: 'not base64!' }] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'payloads.0.data', message: 'expected base64' }]);
  });

  it('answers a payload that fails to decrypt with 400 saying why', async () => {
    const body = await encryptedBody(post);
    const first = body.payloads[0] as { data: string };
    const bytes = Buffer.from(first.data, 'base64');
    bytes[15] = (bytes[15] ?? 0) ^ 1;
    first.data = bytes.toString('base64');
    const response = await decode('director.julie', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/key "k1" failed authentication/);
  });
});

describe('the codec endpoint in the web app', () => {
  it('is served by the app when payload keys are configured, to a signed-in director without a CSRF token', async () => {
    const withKeys = loadConfig({
      PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      PAYLOAD_KEY_ID: 'k1',
    });
    const { app: webApp, browser } = await startLocalWebApp({
      config: { PAYLOAD_KEYS: withKeys.PAYLOAD_KEYS, PAYLOAD_KEY_ID: 'k1' },
    });
    try {
      const appCodec = payloadCodecFor(withKeys);
      const [encrypted] = (await appCodec?.encode([defaultPayloadConverter.toPayload(post)])) ?? [];
      const body = {
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(encrypted?.metadata ?? {}).map(([name, bytes]) => [name, base64(bytes)]),
            ),
            data: base64(encrypted?.data),
          },
        ],
      };
      await browser.signIn('director.julie');
      const response = await browser.send('director.julie', {
        method: 'POST',
        url: '/codec/decode',
        headers: { origin: uiOrigin, 'content-type': 'application/json', 'x-namespace': 'council-posts' },
        payload: JSON.stringify(body),
      });
      expect(response.statusCode).toBe(200);
      const [decoded] = response.json().payloads;
      expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString())).toEqual(post);
    } finally {
      await webApp.close();
    }
  });

  it('is not there when payloads are not encrypted', async () => {
    const { app: webApp, browser } = await startLocalWebApp();
    try {
      await browser.signIn('director.julie');
      const response = await browser.send('director.julie', {
        method: 'POST',
        url: '/codec/decode',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ payloads: [] }),
      });
      expect(response.statusCode).toBe(404);
    } finally {
      await webApp.close();
    }
  });
});
