import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import type { AuditLog } from '../../audit/auditLog.js';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import type { Config } from '../../config/index.js';
import type { PostView } from '../../contract/postView.js';
import type { IdempotencyStore } from '../../idempotency/idempotencyStore.js';
import { memoryIdempotencyStore } from '../../idempotency/memoryIdempotencyStore.js';
import { PostService } from '../../temporal/postService.js';
import type { UserRole } from '../../web/api/commandRoles.js';
import { createWebApp } from '../../web/app.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { identityAudience, identityIssuer, startIdentityProvider } from '../support/identityProvider.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';

export interface TestUser {
  id: string;
  role: UserRole;
}

/** The demo users of web/auth/demoUsers.ts, one per role. */
export const users = {
  hr: { id: 'hr.sam', role: 'hr' },
  director: { id: 'director.julie', role: 'director' },
  deputy: { id: 'deputy.farrah', role: 'deputy' },
  union: { id: 'union.unison', role: 'union' },
  'executive-member': { id: 'cllr.venner', role: 'executive-member' },
  'equality-lead': { id: 'equality.lead', role: 'equality-lead' },
  finance: { id: 'finance.officer', role: 'finance' },
  viewer: { id: 'viewer.pat', role: 'viewer' },
} as const satisfies Record<UserRole, TestUser>;

export interface ApiTestApp {
  app: FastifyInstance;
  dev: DevServerWorker;
  config: Config;
  /** The audit log the app records command attempts in. */
  audit: AuditLog;
  /** Where the app keeps first answers to Idempotency-Keys. */
  idempotency: IdempotencyStore;
  /** The app's PostService, for tests that go past the HTTP edge. */
  posts: PostService;
  /** Registers a proposal a test started itself (`posts` one-line posts), so that stop() ends it. */
  startedProposal(proposalId: string, posts: number): void;
  /** Sends a request as this user (a bearer token), or as nobody. */
  request(user: TestUser | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Sends a command with a fresh Idempotency-Key unless one is given. */
  command(
    user: TestUser,
    postId: string,
    type: string,
    body: unknown,
    idempotencyKey?: string,
  ): Promise<LightMyRequestResponse>;
  /**
   * HR proposes a one-line proposal of `fteCount` whole posts and waits until every post awaits
   * approval; the posts are ended when the app stops.
   */
  propose(options?: {
    fteCount?: number;
    openForCallIn?: boolean;
  }): Promise<{ proposalId: string; postIds: string[] }>;
  /** Polls a post (as HR) until it satisfies `done`. */
  waitForPost(postId: string, done: (view: PostView) => boolean, timeoutMillis?: number): Promise<PostView>;
  stop(): Promise<void>;
}

/**
 * The web app as web/app.ts builds it, in OIDC mode, against a real worker on the dev server, with
 * an audit log in memory. The command rate limit is raised: the matrix and property tests send far
 * more commands a minute as one person than anyone would.
 */
export async function startApiTestApp(): Promise<ApiTestApp> {
  const dev = await startDevServerWorker();
  const identity = await startIdentityProvider();
  const config: Config = {
    ...dev.config,
    AUTH_MODE: 'oidc',
    OIDC_ISSUER: identityIssuer,
    OIDC_AUDIENCE: identityAudience,
    OIDC_JWKS_URL: identity.jwksUrl,
    RATE_LIMIT_COMMANDS_PER_MINUTE: 100_000,
  };
  const audit = memoryAuditLog();
  const idempotency = memoryIdempotencyStore();
  const posts = new PostService(dev.client, config, exampleDirectory());
  const app = await createWebApp({
    authStores: memoryAuthStores(),
    config,
    posts,
    log: pino({ level: 'silent' }),
    audit,
    idempotency,
  });
  await app.ready();

  const request: ApiTestApp['request'] = async (user, options) => {
    const headers = { ...(options.headers ?? {}) };
    if (user) headers.authorization = `Bearer ${await identity.tokenFor(user)}`;
    return app.inject({ ...options, headers });
  };

  const waitForPost: ApiTestApp['waitForPost'] = async (postId, done, timeoutMillis = 30_000) => {
    const deadline = Date.now() + timeoutMillis;
    let last: unknown;
    for (;;) {
      const response = await request(users.hr, { method: 'GET', url: `/api/posts/${postId}` });
      last = response.json();
      if (response.statusCode === 200 && done(last as PostView)) return last as PostView;
      if (Date.now() > deadline) throw new Error(`post ${postId} did not get there: ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };

  const proposals: string[] = [];
  const children: string[] = [];
  const startedProposal: ApiTestApp['startedProposal'] = (proposalId, count) => {
    proposals.push(proposalId);
    children.push(`${proposalId}.budget`);
    for (let index = 1; index <= count; index += 1)
      children.push(`${proposalId}.L1.P${index}`, `${proposalId}.L1.P${index}.route`);
  };
  const propose: ApiTestApp['propose'] = async ({ fteCount = 1, openForCallIn = false } = {}) => {
    const proposalId = uniqueProposalId('api');
    const response = await request(users.hr, {
      method: 'POST',
      url: '/api/proposals',
      headers: { 'idempotency-key': randomUUID() },
      payload: oneLineProposal(proposalId, fteCount, openForCallIn),
    });
    if (response.statusCode !== 201) throw new Error(`proposal refused: ${response.body}`);
    const postIds = Array.from({ length: fteCount }, (_, index) => `${proposalId}.L1.P${index + 1}`);
    proposals.push(proposalId);
    children.push(`${proposalId}.budget`);
    for (const postId of postIds) children.push(postId, `${postId}.route`);
    for (const postId of postIds) await waitForPost(postId, (view) => view.stage === 'awaiting-approval');
    return { proposalId, postIds };
  };

  return {
    app,
    dev,
    config,
    audit,
    idempotency,
    posts,
    startedProposal,
    request,
    propose,
    command: (user, postId, type, body, idempotencyKey = randomUUID()) =>
      request(user, {
        method: 'POST',
        url: `/api/posts/${postId}/${type}`,
        headers: { 'idempotency-key': idempotencyKey },
        payload: body as NonNullable<InjectOptions['payload']>,
      }),
    waitForPost,
    async stop() {
      // What a test left running is of no further interest; proposals first, so none fails on a child.
      const terminate = (ids: string[]) =>
        Promise.all(
          ids.map((workflowId) =>
            dev.client.workflow
              .getHandle(workflowId)
              .terminate('test over')
              .catch(() => undefined),
          ),
        );
      await terminate(proposals);
      await terminate(children);
      await app.close();
      await identity.close();
      await dev.stop();
    },
  };
}

/** A one-line proposal (body of POST /api/proposals): `fteCount` posts `${proposalId}.L1.P1`… */
export function oneLineProposal(proposalId: string, fteCount = 1, openForCallIn = false) {
  return {
    proposalId,
    title: 'Investment in Children and Families Transition Plan (test)',
    service: 'Children and Families',
    decisionMaker: users.director.id as string,
    deputy: users.deputy.id as string,
    allocationPence: 150_000_000,
    allocationName: '2022/23 revenue budget',
    openForCallIn,
    confidential: false,
    reportDate: '2022-06-30',
    lines: [
      {
        serviceArea: 'Children’s Social Work Service',
        jobTitle: 'Social Worker',
        grade: 'PO3',
        annualCostPence: 4_962_900,
        fteCount,
        jobDescriptionRef: 'Appendix A2',
        justification: 'Rising demand in the duty and advice teams.',
      },
    ],
  };
}

/** Unique per run, so test files sharing the dev server never collide. */
export function uniqueProposalId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}
