import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { ProposalView } from '../../contract/proposalMessages.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import type { Proposal } from '../../schemas/proposal.js';
import { resolveProposalPeople } from '../../temporal/namedPeople.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { actorFor, hasRole, type SignedInUser } from '../auth/user.js';
import { type ErrorLink, FormReader, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { freshProposalValues, maxLines, readProposalForm } from './proposalForm.js';
import { stageTag } from './stageTags.js';
import { freshVacancyValues, readVacancyForm } from './vacancyForm.js';
import { renderPage } from './views.js';

const successMessages: Record<string, string> = {
  proposal:
    'The proposal is submitted. Each post now goes to the budget check and then to the decision maker.',
  vacancy: 'The vacancy is submitted. It now goes to the budget check and then to the decision maker.',
  amended: 'The line is added. Its posts now go to the budget check and then to the decision maker.',
};

function onlyHr(views: nunjucks.Environment, request: FastifyRequest, reply: FastifyReply): boolean {
  if (hasRole(request.user, 'hr')) return true;
  request.commandRefusal = 'only HR creates proposals and vacancies';
  messagePage(
    views,
    request,
    reply,
    403,
    'You cannot create proposals',
    'Only HR creates proposals and vacancies.',
  );
  return false;
}

/** A workflow's first task may not have run when the page is asked for straight after the start. */
async function proposalWhenReady(
  posts: PostService,
  proposalId: string,
  viewer: SignedInUser,
): Promise<ProposalView> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await posts.proposal(proposalId, viewer);
    } catch (error) {
      if (error instanceof CommandRefused || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Each post's stage as it stands; a post whose workflow has not started yet shows as starting. */
async function postStages(posts: PostService, view: ProposalView) {
  return Promise.all(
    view.posts.map(async (post) => {
      const stage =
        post.outcome ??
        (await posts.post(post.postId).then(
          (found) => found.stage,
          () => '',
        ));
      return { ...post, tag: stageTag(stage) };
    }),
  );
}

function linesOf(view: ProposalView) {
  const lines = new Map<
    number,
    { lineNumber: number; jobTitle: string; grade: string; fte: number; costPence: number }
  >();
  for (const post of view.posts) {
    const line = lines.get(post.lineNumber) ?? {
      lineNumber: post.lineNumber,
      jobTitle: post.jobTitle,
      grade: post.grade,
      fte: 0,
      costPence: 0,
    };
    // FTE in millionths while adding, so 0.1 + 0.2 is 0.3.
    line.fte = Math.round(line.fte * 1e6 + post.fte * 1e6) / 1e6;
    line.costPence += post.annualCostPence;
    lines.set(post.lineNumber, line);
  }
  return [...lines.values()];
}

/**
 * Checks the people a proposal names against the staff directory, putting each problem on its field
 * ("No director with id director.jullie in the staff directory"); the proposal is kept only if none.
 */
function checkPeople<
  State extends { proposal?: Proposal | undefined; errors: Record<string, string>; errorList: ErrorLink[] },
>(state: State, directory: StaffDirectory): State {
  if (!state.proposal) return state;
  const { problems } = resolveProposalPeople(directory, state.proposal);
  if (problems.length === 0) return state;
  for (const { field, message } of problems) {
    const text = message.charAt(0).toUpperCase() + message.slice(1);
    state.errors[field] = text;
    state.errorList.push({ text, href: `#${field}` });
  }
  return { ...state, proposal: undefined };
}

/** The people the proposal forms offer: every director and every deputy director, by name. */
function peopleOptions(directory: StaffDirectory) {
  const options = (role: 'director' | 'deputy') =>
    directory.withRole(role).map((person) => ({ value: person.id, text: `${person.name} (${person.id})` }));
  return { directors: options('director'), deputies: options('deputy') };
}

export function proposalPages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  const start = async (proposal: Proposal, reply: FastifyReply, done: string) => {
    await posts.startProposal(proposal);
    return reply.redirect(`/proposals/${encodeURIComponent(proposal.proposalId)}?done=${done}`, 303);
  };

  app.get('/proposals/new', async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    return renderPage(views, request, reply, 'proposalForm.njk', {
      pageTitle: 'Create a proposal',
      people: peopleOptions(posts.directory),
      form: { idPrefix: '', values: freshProposalValues(posts.directory), errors: {} },
      rows: 1,
      maxLines,
    });
  });

  // A proposal or a single vacancy is a command too (`propose`); the proposal id is its idempotency key.
  const proposing = {
    config: { command: { channel: 'form', target: 'proposal', command: 'propose' } },
  } as const;

  app.post('/proposals', proposing, async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const reader = new FormReader(formBodyOf(request.body));
    const submit = reader.text('action') !== 'calculate';
    const state = checkPeople(readProposalForm(reader, actorFor(user, ['hr']), submit), posts.directory);
    if (submit && state.proposal) return start(state.proposal, reply, 'proposal');
    request.commandRefusal = state.errorList.map((error) => error.text).join('; ');
    return renderPage(
      views,
      request,
      reply,
      'proposalForm.njk',
      {
        pageTitle: 'Create a proposal',
        people: peopleOptions(posts.directory),
        errorList: state.errorList,
        form: { idPrefix: '', values: state.values, errors: state.errors },
        rows: state.rows,
        totals: state.totals,
        maxLines,
      },
      state.errorList.length > 0 ? 400 : 200,
    );
  });

  app.get('/vacancies/new', async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    return renderPage(views, request, reply, 'vacancyForm.njk', {
      pageTitle: 'Start recruitment for a single vacancy',
      people: peopleOptions(posts.directory),
      form: { idPrefix: '', values: freshVacancyValues(posts.directory), errors: {} },
    });
  });

  app.post('/vacancies', proposing, async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const state = checkPeople(
      readVacancyForm(new FormReader(formBodyOf(request.body)), actorFor(user, ['hr'])),
      posts.directory,
    );
    if (state.proposal) return start(state.proposal, reply, 'vacancy');
    request.commandRefusal = state.errorList.map((error) => error.text).join('; ');
    return renderPage(
      views,
      request,
      reply,
      'vacancyForm.njk',
      {
        pageTitle: 'Start recruitment for a single vacancy',
        people: peopleOptions(posts.directory),
        errorList: state.errorList,
        form: { idPrefix: '', values: state.values, errors: state.errors },
      },
      400,
    );
  });

  app.get<{ Params: { proposalId: string }; Querystring: { done?: string } }>(
    '/proposals/:proposalId',
    async (request, reply) => {
      let view: ProposalView;
      try {
        view = await proposalWhenReady(posts, request.params.proposalId, request.user as SignedInUser);
      } catch (error) {
        if (error instanceof CommandRefused && error.reason === 'not-found') {
          return messagePage(
            views,
            request,
            reply,
            404,
            'Proposal not found',
            'There is no proposal with this id.',
          );
        }
        throw error;
      }
      const requested = view.requested;
      return renderPage(views, request, reply, 'proposal.njk', {
        pageTitle: view.title,
        successMessage: successMessages[request.query.done ?? ''],
        proposal: view,
        leftPence: view.allocationPence - requested.costPence,
        lines: linesOf(view),
        posts: await postStages(posts, view),
      });
    },
  );
}
