import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorise, type PostRuleState, type PostStage } from '../../domain/postRules.js';
import { applyRouteCommand } from '../../domain/routeCommands.js';
import { initialRouteState, RouteRuleError } from '../../domain/routeSteps.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import {
  consultationParty,
  type PostCommand,
  type PostCommandType,
  postCommand,
} from '../../schemas/postCommands.js';
import { type RouteCommand, routeCommand } from '../../schemas/routeCommands.js';
import {
  consultationPartyOfRole,
  postCommandRoles,
  routeCommandRoles,
  type UserRole,
  userRoles,
} from '../../web/api/commandRoles.js';
import { problemTypes } from '../../web/api/problems.js';
import { rolePhrase } from '../../web/auth/user.js';
import { type ApiTestApp, startApiTestApp, users } from './apiTestApp.js';

const today = () => londonDateOf(Date.now());
const postCommandTypes = postCommand.options.map((option) => option.shape.type.value);
const routeCommandTypes = routeCommand.options.map((option) => option.shape.type.value);

/** A valid body for each post command (the API adds `type` and `actor`). */
function bodyOf(type: PostCommandType, role: UserRole): Record<string, unknown> {
  const reason = 'Authorization matrix';
  switch (type) {
    case 'decide':
      return { decision: 'approve', reason };
    case 'delegate':
      return { delegateId: users.deputy.id, from: today(), to: addWorkingDays(today(), 2), reason };
    case 'revise':
      return { reason };
    case 'record-consultation':
      return { party: consultationPartyOfRole[role] ?? 'union', outcome: 'no-concerns', summary: reason };
    case 'record-call-in':
      return { board: 'Scrutiny Board (Children and Families)', reason };
    case 'record-call-in-outcome':
      return { outcome: 'decision-stands', reason };
    case 'publish-advert':
      return {
        channels: ['council-jobs-page'],
        opensOn: today(),
        closesOn: addWorkingDays(today(), 10),
        ringFence: 'external',
      };
    case 'record-applications':
      return { received: 2, suitable: 1 };
    case 'start-route':
      return { route: 'step-up', reason };
    case 'start-agency-cover':
      return { agencyRef: 'agency-0001', startsOn: today(), weeklyCostPence: 150_000, fte: 1 };
    case 'end-agency-cover':
      return { endsOn: today() };
    case 'hold':
    case 'withdraw':
      return { reason };
  }
}

const allowedByTable = (type: PostCommandType, role: UserRole) => postCommandRoles[type].includes(role);

describe('the command table agrees with the domain rules', () => {
  /** A state in which the command is legal, so only who sends it decides. */
  function stateFor(type: PostCommandType): PostRuleState {
    const stageOf: Record<PostCommandType, PostStage> = {
      decide: 'awaiting-approval',
      delegate: 'awaiting-approval',
      revise: 'sent-back',
      'record-consultation': 'consultation',
      'record-call-in': 'call-in-period',
      'record-call-in-outcome': 'called-in',
      'publish-advert': 'ready-to-recruit',
      'record-applications': 'awaiting-applications',
      hold: 'ready-to-recruit',
      'start-route': 'ready-to-recruit',
      'start-agency-cover': 'ready-to-recruit',
      'end-agency-cover': 'ready-to-recruit',
      withdraw: 'awaiting-approval',
    };
    return {
      stage: stageOf[type],
      proposedBy: { id: 'hr.proposer', role: 'hr' },
      decisionMaker: users.director.id,
      namedDecisionMaker: true,
      deputy: users.deputy.id,
      // Escalated, so the deputy has a deputy's full authority to decide.
      escalated: true,
      delegations: [],
      consultation: {},
      adverts: 0,
      maxReadverts: 2,
      agencyCoverActive: type === 'end-agency-cover',
      busy: false,
    };
  }

  /** Whether the rules accept the command from this role in some form (any consultation party). */
  function domainAccepts(type: PostCommandType, role: UserRole): boolean {
    const actor = users[role];
    const bodies =
      type === 'record-consultation'
        ? consultationParty.options.map((party) => ({ ...bodyOf(type, role), party }))
        : [bodyOf(type, role)];
    return bodies.some((body) => {
      try {
        authorise(stateFor(type), postCommand.parse({ ...body, type, actor }) as PostCommand, today());
        return true;
      } catch {
        return false;
      }
    });
  }

  for (const type of postCommandTypes) {
    it(`allows ${type} to exactly the roles the post rules accept it from`, () => {
      const fromTable = userRoles.filter((role) => allowedByTable(type, role));
      const fromRules = userRoles.filter((role) => domainAccepts(type, role));
      expect(fromTable).toEqual(fromRules);
    });
  }

  it('allows every route command to HR alone, as the route rules do', () => {
    for (const type of routeCommandTypes) {
      for (const role of userRoles) {
        const command = { type, actor: users[role] } as RouteCommand;
        let forbidden = false;
        try {
          applyRouteCommand(
            initialRouteState({ route: 'standard', registrationBody: 'social-work-england' }),
            command,
          );
        } catch (error) {
          forbidden = error instanceof RouteRuleError && error.kind === 'forbidden';
        }
        expect(routeCommandRoles[type].includes(role), `${role} ${type}`).toBe(!forbidden);
      }
    }
  });
});

describe('authorization over HTTP (bearer tokens from a test identity provider)', () => {
  let api: ApiTestApp;
  /** A post awaiting approval that every refused command is sent to. */
  let live: string;
  /** A post that has ended: a command that passes the API reaches its workflow, which refuses it. */
  let ended: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    [live = '', ended = ''] = (await api.propose({ fteCount: 2 })).postIds;
    const withdrawn = await api.command(users.hr, ended, 'withdraw', { reason: 'Ended for the matrix' });
    expect(withdrawn.statusCode).toBe(200);
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** Everything the post has recorded: its Temporal history and its decisions. */
  async function historyOf(postId: string) {
    const history = await api.dev.client.workflow.getHandle(postId).fetchHistory();
    const view = await api.waitForPost(postId, () => true);
    return { events: history.events?.length ?? 0, stage: view.stage, decisions: view.decisions };
  }

  it('answers 401 with a problem when nobody is signed in, or the token is not to be trusted', async () => {
    const anonymous = await api.request(undefined, { method: 'GET', url: `/api/posts/${live}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.json()).toMatchObject({ type: problemTypes[401], status: 401 });
    const command = await api.request(undefined, {
      method: 'POST',
      url: `/api/posts/${live}/decide`,
      headers: { 'idempotency-key': 'anonymous-1' },
      payload: { decision: 'approve', reason: 'Nobody' },
    });
    expect(command.statusCode).toBe(401);
    const forged = await api.app.inject({
      method: 'GET',
      url: `/api/posts/${live}`,
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('lets every role read a post, offering each only the commands it may send now', async () => {
    const offered: Partial<Record<UserRole, string[]>> = {};
    for (const role of userRoles) {
      const response = await api.request(users[role], { method: 'GET', url: `/api/posts/${live}` });
      expect(response.statusCode, role).toBe(200);
      offered[role] = (response.json() as { availableCommands: string[] }).availableCommands.sort();
    }
    expect(offered).toEqual({
      hr: ['withdraw'],
      director: ['decide', 'delegate', 'withdraw'],
      deputy: [],
      union: [],
      'executive-member': [],
      'equality-lead': [],
      finance: [],
      viewer: [],
    });
  });

  it('keeps proposals to HR and the inbox to directors and deputies', async () => {
    const proposal = await api.request(users.director, {
      method: 'POST',
      url: '/api/proposals',
      payload: {},
    });
    expect(proposal.statusCode).toBe(403);
    expect(proposal.json()).toMatchObject({ detail: 'a director may not propose posts' });
    expect((await api.request(users.hr, { method: 'GET', url: '/api/inbox' })).statusCode).toBe(403);
    expect((await api.request(users.deputy, { method: 'GET', url: '/api/inbox' })).statusCode).toBe(200);
  });

  it('refuses with 403 every post command a role may not send, and the post records nothing', async () => {
    const before = await historyOf(live);
    let refused = 0;
    for (const type of postCommandTypes) {
      for (const role of userRoles.filter((candidate) => !allowedByTable(type, candidate))) {
        const response = await api.command(users[role], live, type, bodyOf(type, role));
        expect(response.statusCode, `${role} ${type}`).toBe(403);
        expect(response.json()).toMatchObject({
          type: problemTypes[403],
          detail: `${rolePhrase[role]} may not send ${type}`,
        });
        expect(await historyOf(live), `${role} ${type}`).toEqual(before);
        refused += 1;
      }
    }
    // 8 roles × 13 commands, of which the table allows 17.
    expect(refused).toBe(87);
  });

  it('lets every post command a role may send through to the workflow', async () => {
    const before = await historyOf(ended);
    for (const type of postCommandTypes) {
      for (const role of userRoles.filter((candidate) => allowedByTable(type, candidate))) {
        const response = await api.command(users[role], ended, type, bodyOf(type, role));
        // The post has ended, so the workflow itself refuses: the API let the role through.
        expect(response.statusCode, `${role} ${type}`).toBe(409);
        expect(response.json()).toMatchObject({
          type: problemTypes[409],
          detail: 'the post has ended: no further commands are accepted',
        });
      }
    }
    expect(await historyOf(ended)).toEqual(before);
  });

  it('refuses a consultation response for another party with 403', async () => {
    const before = await historyOf(live);
    const response = await api.command(users.union, live, 'record-consultation', {
      party: 'equality',
      outcome: 'no-concerns',
      summary: 'Not ours to give',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      detail: 'a union representative may not record the equality response',
    });
    expect(await historyOf(live)).toEqual(before);
  });

  it('refuses every recruitment route command to anyone but HR with 403', async () => {
    for (const type of routeCommandTypes) {
      for (const role of userRoles.filter((candidate) => candidate !== 'hr')) {
        const response = await api.request(users[role], {
          method: 'POST',
          url: `/api/posts/${live}/route/${type}`,
          headers: { 'idempotency-key': `${role}-${type}` },
          payload: {},
        });
        expect(response.statusCode, `${role} ${type}`).toBe(403);
      }
    }
  });
});
