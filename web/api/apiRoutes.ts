import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuditLog } from '../../audit/auditLog.js';
import type { Config } from '../../config/index.js';
import { workflowIds } from '../../contract/workflowIds.js';
import { finalStages } from '../../domain/postRules.js';
import { postsFromLines } from '../../domain/proposalPosts.js';
import type { IdempotencyStore } from '../../idempotency/idempotencyStore.js';
import { postCommand } from '../../schemas/postCommands.js';
import { routeCommand } from '../../schemas/routeCommands.js';
import type { PostService } from '../../temporal/postService.js';
import type { AuthServices } from '../auth/authServices.js';
import { sessionCookie } from '../auth/sessionCookie.js';
import { actorFor, aRole } from '../auth/user.js';
import { requireApiToken } from '../security/csrf.js';
import type { RateLimits } from '../security/rateLimits.js';
import { docsContentSecurityPolicy } from '../security/secureHeaders.js';
import { roleCheck, signedIn } from './access.js';
import {
  amendmentBody,
  commandHeaders,
  commandRules,
  commandSummaries,
  postCommandAnswer,
  postCommandRoutes,
  postListQuery,
  postParams,
  postSummary,
  postViewForCaller,
  proposalBody,
  proposalFilter,
  proposalListItem,
  proposalListQuery,
  proposalParams,
  proposalStarted,
  proposalView,
  routeCommandRoutes,
  routeView,
  workItem,
  workSection,
} from './apiSchemas.js';
import { auditRoutes } from './auditRoutes.js';
import {
  consultationRoleOfParty,
  inboxRoles,
  mayRecordConsultation,
  postCommandRoles,
  proposerRoles,
  readerRoles,
  routeCommandRoles,
} from './commandRoles.js';
import { type EstablishmentBaselines, establishmentRoutes } from './establishmentRoutes.js';
import { idempotencyKeyOf, installIdempotency } from './idempotency.js';
import { leaveRoutes } from './leaveRoutes.js';
import { meRoutes } from './meRoutes.js';
import {
  commandProblemResponses,
  listProblemResponses,
  ProblemError,
  problem,
  problemErrorHandler,
  problemNotFoundHandler,
  problemResponsesFor,
  proposeProblemResponses,
  readProblemResponses,
  sendProblem,
} from './problems.js';

export interface ApiRoutesOptions {
  posts: PostService;
  config: Pick<Config, 'AUTH_MODE' | 'IDEMPOTENCY_KEY_HOURS'>;
  audit: AuditLog;
  limits: Pick<RateLimits, 'commands'>;
  auth: AuthServices;
  /** Recording and reading the establishment baseline; without it those routes are not served. */
  establishment?: EstablishmentBaselines;
  /** Where the first answers to Idempotency-Keys are kept. */
  idempotency: IdempotencyStore;
}

/**
 * The HTTP API under /api, its OpenAPI document at /openapi.json and the docs at /docs. Commands go to
 * the post's workflow as Updates (the Idempotency-Key is the Update id); the API refuses a role
 * outright, and the workflow checks everything else again with the actor the command carries.
 */
export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (app, options) => {
  // Set before anything is registered, so the docs, the document and every API route inherit it.
  app.setErrorHandler(problemErrorHandler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Council posts API',
        version: '1.0.0',
        description:
          'Propose, approve and fill posts. Sign in with a bearer token: a personal access token from the API tokens page, or (AUTH_MODE=oidc) an access token from the council’s identity provider. Every command (every POST) needs an Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): the same request again gets the first answer, marked Idempotent-Replayed: true; the key on another request is refused with 422. Signed in with the session cookie (not a bearer token), a command also needs the X-CSRF-Token header from a page’s csrf-token meta tag. Bodies are application/json only. Every error is an RFC 9457 problem (application/problem+json) whose `type` names its kind. Free text (reasons, summaries, justifications) must not contain personal data (email addresses, phone numbers, postcodes, National Insurance numbers, dates of birth): it travels in events to every consumer.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A personal access token (cpat_…, from the API tokens page) or the identity provider’s JWT',
          },
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: docsContentSecurityPolicy });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(api, { ...options, prefix: '/api' });
};

/** Each command's operationId, for the document's links: `post-decide`, `route-shortlist`. */
const commandOperationId = (scope: 'post' | 'route', type: string) => `${scope}-${type}`;

/**
 * OpenAPI links from an answer that names a post to every command of that post and its route, so a
 * client (and schemathesis' stateful phase) can go from a proposal or a list to what can be done.
 */
function commandLinks(postIdExpression: string) {
  const links = [
    ...postCommandRoutes.map(({ type }) => commandOperationId('post', type)),
    ...routeCommandRoutes.map(({ type }) => commandOperationId('route', type)),
  ].map((operationId) => [operationId, { operationId, parameters: { postId: postIdExpression } }]);
  return Object.fromEntries(links);
}

const api: FastifyPluginAsync<ApiRoutesOptions> = async (
  parent,
  { posts, config, audit, limits, auth, establishment, idempotency },
) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  app.setNotFoundHandler(problemNotFoundHandler);
  // The API takes JSON bodies only; forms post to the pages' own routes.
  app.removeContentTypeParser(['text/plain', 'application/x-www-form-urlencoded']);
  const allow = roleCheck(config);

  // Before each route's role check: a cookie-signed-in command without the CSRF header, or one past
  // the person's rate limit, goes no further (and is audited as refused, like every command answer).
  app.addHook('preValidation', requireApiToken(parent));
  app.addHook('preValidation', async (request, reply) => {
    if (!request.routeOptions.config.command || !request.user) return;
    const verdict = await limits.commands.count(request);
    if (!verdict.limited) return;
    reply.header('retry-after', String(verdict.retryAfterSeconds));
    return sendProblem(
      reply,
      problem(
        429,
        `Too many commands: at most ${limits.commands.perMinute} a minute. Try again in ${verdict.retryAfterSeconds} seconds.`,
      ),
      request.url,
    );
  });
  installIdempotency(app, { store: idempotency, keepForMillis: config.IDEMPOTENCY_KEY_HOURS * 3_600_000 });
  await app.register(auditRoutes, { audit, allow });
  await app.register(leaveRoutes, { directory: posts.directory, allow });
  await app.register(meRoutes, { auth, allow });
  if (establishment)
    await app.register(establishmentRoutes, { establishment, directory: posts.directory, allow });

  app.post(
    '/proposals',
    {
      schema: {
        tags: ['proposals'],
        operationId: 'propose',
        summary: 'Propose posts (HR): starts one workflow per post',
        description:
          'A proposal id is used once: another request with a used id, whatever became of its proposal, is refused with 409 and starts nothing; the same request again with the same Idempotency-Key gets the first answer. The decision maker and deputy default to the service’s director and their deputy in the staff directory.',
        headers: commandHeaders,
        body: proposalBody,
        response: { 201: proposalStarted, ...proposeProblemResponses },
      },
      links: {
        201: {
          TheProposal: {
            operationId: 'getProposal',
            parameters: { proposalId: '$response.body#/proposalId' },
          },
          ItsPosts: { operationId: 'listPosts', parameters: { proposalId: '$response.body#/proposalId' } },
          ItsFirstPost: { operationId: 'getPost', parameters: { postId: '$response.body#/postIds/0' } },
          Amend: { operationId: 'amendProposal', parameters: { proposalId: '$response.body#/proposalId' } },
          ...commandLinks('$response.body#/postIds/0'),
        },
      },
      config: { command: { channel: 'api', target: 'proposal', command: 'propose' } },
      preValidation: allow(proposerRoles, 'propose posts'),
    },
    async (request, reply) => {
      const author = actorFor(signedIn(request), proposerRoles);
      request.commandRole = author.role;
      const key = idempotencyKeyOf(request.headers['idempotency-key']);
      const result = await posts.startProposal({ ...request.body, author }, key);
      const postIds = postsFromLines(result.proposalId, request.body.lines).map((post) => post.postId);
      request.log.info({ proposalId: result.proposalId, posts: postIds.length }, 'proposal started');
      return reply
        .code(201)
        .header('location', `/api/proposals/${encodeURIComponent(result.proposalId)}`)
        .send({ proposalId: result.proposalId, started: true, postIds });
    },
  );

  app.get(
    '/proposals/:proposalId',
    {
      schema: {
        tags: ['proposals'],
        operationId: 'getProposal',
        summary: 'A proposal and its posts',
        params: proposalParams,
        response: { 200: proposalView, ...readProblemResponses },
      },
      preValidation: allow(readerRoles, 'read proposals'),
    },
    async (request) => ({ ...(await posts.proposal(request.params.proposalId, signedIn(request))) }),
  );

  app.post(
    '/proposals/:proposalId/amend',
    {
      schema: {
        tags: ['proposals'],
        operationId: 'amendProposal',
        summary:
          'Add post lines to a running proposal (HR), against its own allocation: refused (409) if they do not fit what is left',
        description:
          'The proposal with its new lines must stay within what one proposal holds (lines, posts, FTE per post, money): 400 naming the field otherwise. Every post of it ended: 409. The reason and justifications must not contain personal data.',
        params: proposalParams,
        headers: commandHeaders,
        body: amendmentBody,
        response: { 200: proposalView, ...commandProblemResponses },
      },
      config: { command: { channel: 'api', target: 'proposal', command: 'amend-proposal' } },
      preValidation: allow(proposerRoles, 'amend proposals'),
    },
    async (request) => {
      const actor = actorFor(signedIn(request), proposerRoles);
      request.commandRole = actor.role;
      const { proposalId } = request.params;
      // A confidential proposal is not found by those who may not see it, whatever they send it.
      const current = await posts.proposal(proposalId, signedIn(request));
      const view = await posts.amendProposal(
        proposalId,
        { actor, ...request.body },
        idempotencyKeyOf(request.headers['idempotency-key']),
        current,
      );
      request.log.info({ proposalId, workflowId: proposalId, posts: view.posts.length }, 'proposal amended');
      return { ...view };
    },
  );

  app.get(
    '/posts',
    {
      schema: {
        tags: ['posts'],
        operationId: 'listPosts',
        summary:
          'Posts, open and closed, searched, filtered, sorted and paged (X-Total-Count and Link headers); from the event stream’s record of every post, so a moment behind a command',
        querystring: postListQuery,
        response: { 200: postSummary.array(), ...listProblemResponses },
      },
      links: {
        200: {
          TheFirstPost: { operationId: 'getPost', parameters: { postId: '$response.body#/0/postId' } },
          ...commandLinks('$response.body#/0/postId'),
        },
      },
      preValidation: allow(readerRoles, 'read posts'),
    },
    async (request, reply) => {
      const { q, stage, order, proposalId, ...filters } = request.query;
      const viewer = signedIn(request);
      const page = posts.listPosts(
        {
          ...filters,
          ...(proposalId ? { proposalId } : {}),
          ...(q ? { text: q } : {}),
          ...(stage ? { stages: [stage] } : {}),
          ...(order ? { descending: order === 'desc' } : {}),
        },
        viewer,
      );
      if (!page) {
        // No catalogue (a test of the API alone): visibility, newest first, paged the same way.
        const all = await posts.posts({ ...(proposalId ? { proposalId } : {}), viewer, limit: 10_000 });
        const size = filters.perPage ?? 25;
        const from = ((filters.page ?? 1) - 1) * size;
        reply.header('x-total-count', String(all.length));
        return all.slice(from, from + size);
      }
      const link = (n: number) => {
        const params = new URLSearchParams(request.query as Record<string, string>);
        params.set('page', String(n));
        return `</api/posts?${params}>; rel="${n > page.page ? 'next' : 'prev'}"`;
      };
      reply.header('x-total-count', String(page.total));
      const links = [
        ...(page.page > 1 ? [link(page.page - 1)] : []),
        ...(page.page < page.pages ? [link(page.page + 1)] : []),
      ];
      if (links.length > 0) reply.header('link', links.join(', '));
      return page.items;
    },
  );

  app.get(
    '/proposals',
    {
      schema: {
        tags: ['proposals'],
        operationId: 'listProposals',
        summary: 'Proposals, newest first, searched by title or id and paged (X-Total-Count header)',
        querystring: proposalListQuery,
        response: { 200: proposalListItem.array(), ...problemResponsesFor([400, 401, 403]) },
      },
      links: {
        200: {
          TheFirstProposal: {
            operationId: 'getProposal',
            parameters: { proposalId: '$response.body#/0/proposalId' },
          },
        },
      },
      preValidation: allow(readerRoles, 'read proposals'),
    },
    async (request, reply) => {
      const { q, ...paging } = request.query;
      const page = posts.listProposals({ ...paging, ...(q ? { text: q } : {}) }, signedIn(request));
      reply.header('x-total-count', String(page?.total ?? 0));
      return page?.items ?? [];
    },
  );

  app.get(
    '/posts/:postId',
    {
      schema: {
        tags: ['posts'],
        operationId: 'getPost',
        summary: 'A post, with the commands the signed-in person may send it now',
        params: postParams,
        response: { 200: postViewForCaller, ...readProblemResponses },
      },
      preValidation: allow(readerRoles, 'read posts'),
    },
    async (request) => {
      const view = await posts.post(request.params.postId, signedIn(request));
      // The workflow answers by its own rules and clock, so the page and the validators agree.
      const { commands } = finalStages.includes(view.stage)
        ? { commands: [] }
        : await posts.availableCommandsFor(view.postId, signedIn(request), view);
      return { ...view, availableCommands: commands };
    },
  );

  app.get(
    '/posts/:postId/route',
    {
      schema: {
        tags: ['posts'],
        summary: 'The recruitment route of a post',
        params: postParams,
        response: { 200: routeView, ...readProblemResponses },
      },
      preValidation: allow(readerRoles, 'read recruitment routes'),
    },
    async (request) => {
      await posts.post(request.params.postId, signedIn(request));
      return { ...(await posts.route(request.params.postId)) };
    },
  );

  app.get(
    '/inbox',
    {
      schema: {
        tags: ['posts'],
        summary:
          'The posts the signed-in director or deputy may decide now (their own, delegated, escalated or on leave cover), overdue first',
        querystring: proposalFilter,
        response: { 200: workItem.array(), ...listProblemResponses },
      },
      links: {
        200: {
          TheFirstPost: { operationId: 'getPost', parameters: { postId: '$response.body#/0/postId' } },
          ...commandLinks('$response.body#/0/postId'),
        },
      },
      preValidation: allow(inboxRoles, 'read the director’s inbox'),
    },
    async (request) => {
      const sections = await posts.workList(signedIn(request));
      const items = sections.filter((section) => section.key === 'decide').flatMap((s) => s.items);
      const { proposalId } = request.query;
      return items
        .filter((item) => !proposalId || item.proposalId === proposalId)
        .map((item) => ({ ...item, startedAt: item.startedAt.toISOString() }));
    },
  );

  app.get(
    '/work-list',
    {
      schema: {
        tags: ['posts'],
        summary:
          'Everything waiting for the signed-in person, by section: decisions, call-ins, consultation responses (and those answered), posts waiting on HR',
        response: { 200: workSection.array(), ...problemResponsesFor([401, 403, 503]) },
      },
      preValidation: allow(readerRoles, 'read their work list'),
    },
    async (request) =>
      (await posts.workList(signedIn(request))).map((section) => ({
        ...section,
        items: section.items.map((item) => ({ ...item, startedAt: item.startedAt.toISOString() })),
      })),
  );

  for (const { type, body } of postCommandRoutes) {
    app.post(
      `/posts/:postId/${type}`,
      {
        schema: {
          tags: ['post commands'],
          operationId: commandOperationId('post', type),
          summary: commandSummaries[type],
          ...(commandRules[type] ? { description: commandRules[type] } : {}),
          params: postParams,
          headers: commandHeaders,
          body,
          response: { 200: postCommandAnswer, ...commandProblemResponses },
        },
        config: { command: { channel: 'api', target: 'post', command: type } },
        preValidation: allow(postCommandRoles[type], `send ${type}`),
      },
      async (request) => {
        const user = signedIn(request);
        const { postId } = request.params;
        const roles =
          type === 'record-consultation'
            ? [consultationRoleOfParty(String((request.body as { party?: unknown }).party))]
            : postCommandRoles[type];
        const actor = actorFor(user, roles);
        request.commandRole = actor.role;
        const command = postCommand.parse({ ...request.body, type, actor });
        if (command.type === 'record-consultation' && !mayRecordConsultation(actor.role, command.party)) {
          throw new ProblemError(problem(403, `${aRole(user)} may not record the ${command.party} response`));
        }
        // A confidential post is not found by those who may not see it, whatever they send it.
        await posts.post(postId, user);
        const { decided, view } = await posts.postCommand(
          postId,
          command,
          request.headers['idempotency-key'],
        );
        request.commandAuthority = decided.authority;
        request.log.info({ postId, workflowId: postId, command: type, stage: view.stage }, 'post command');
        return { ...view, decided };
      },
    );
  }

  for (const { type, body } of routeCommandRoutes) {
    app.post(
      `/posts/:postId/route/${type}`,
      {
        schema: {
          tags: ['recruitment route commands'],
          operationId: commandOperationId('route', type),
          summary: commandSummaries[type],
          ...(commandRules[type] ? { description: commandRules[type] } : {}),
          params: postParams,
          headers: commandHeaders,
          body,
          response: { 200: routeView, ...commandProblemResponses },
        },
        config: { command: { channel: 'api', target: 'route', command: type } },
        preValidation: allow(routeCommandRoles[type], `record ${type}`),
      },
      async (request) => {
        const { postId } = request.params;
        const actor = actorFor(signedIn(request), routeCommandRoles[type]);
        request.commandRole = actor.role;
        const command = routeCommand.parse({ ...request.body, type, actor });
        const view = await posts.routeCommand(postId, command, request.headers['idempotency-key']);
        request.log.info(
          { postId, workflowId: workflowIds.route(postId), command: type, step: view.step },
          'route command',
        );
        return { ...view };
      },
    );
  }
};
