import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { ProposalView } from '../../contract/proposalMessages.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { resolveProposalPeople } from '../../temporal/namedPeople.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { actorFor, hasRole, type SignedInUser } from '../auth/user.js';
import {
  domainProblem,
  type FieldWords,
  type FormWords,
  messageFor,
  unknownField,
} from './errorCatalogue.js';
import { proposalWords, vacancyWords } from './fieldWords.js';
import { type ErrorLink, errorLinks, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { personOptions } from './personOptions.js';
import type { FormProposal } from './proposalForm.js';
import {
  actionOf,
  fieldId,
  freshProposalValues,
  freshRunningTotal,
  lineField,
  maxLines,
  type ProposalFormState,
  readProposalForm,
} from './proposalForm.js';
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
      return { ...post, stage, tag: stageTag(stage) };
    }),
  );
}

/** Posts still starting or in the budget check: the check takes a moment after a proposal starts. */
const checking = (stages: { stage: string }[]) =>
  stages.filter((post) => post.stage === '' || post.stage === 'budget-check').length;

/**
 * Straight after a proposal is submitted its posts are still in the budget check: wait a moment for
 * them to leave it (up to a few seconds), so the page shows where they stand rather than a stage
 * they have already passed; what is still checking after that is said so, with a way to look again.
 */
async function settledStages(posts: PostService, view: ProposalView, justStarted: boolean) {
  const deadline = Date.now() + (justStarted ? 4_000 : 0);
  for (;;) {
    const stages = await postStages(posts, view);
    if (checking(stages) === 0 || Date.now() >= deadline) return stages;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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
 * in the catalogue's words ("Select the decision maker from the list"); the proposal is kept only if
 * none.
 */
function checkPeople<
  State extends {
    proposal?: FormProposal | undefined;
    errors: Record<string, string>;
    errorList: ErrorLink[];
  },
>(state: State, directory: StaffDirectory, words: FormWords): State {
  if (!state.proposal) return state;
  const { problems } = resolveProposalPeople(directory, state.proposal);
  if (problems.length === 0) return state;
  for (const { field, message } of problems) {
    const fieldWords = Object.hasOwn(words, field) ? (words[field] as FieldWords) : unknownField(field);
    const text = messageFor(fieldWords, domainProblem(message));
    state.errors[field] = text;
    state.errorList.push({ text, href: `#${field}` });
  }
  return { ...state, proposal: undefined };
}

/** The people the proposal forms offer: every director and every deputy director, by name. */
function peopleOptions(directory: StaffDirectory) {
  return { directors: personOptions(directory, 'director'), deputies: personOptions(directory, 'deputy') };
}

const statusOfRefusal = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  busy: 409,
  'id-used': 409,
  unavailable: 503,
} as const;

/** A refusal's fields as the form's own: `lines.2.fteCount` is the third line's FTE box. */
function formFieldOf(field: string): string {
  const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
  const boxes: Record<string, 'fte' | 'annualCost' | 'jobTitle' | 'grade' | 'serviceArea'> = {
    fteCount: 'fte',
    annualCostPence: 'annualCost',
    jobTitle: 'jobTitle',
    grade: 'grade',
    serviceArea: 'serviceArea',
  };
  const box = line?.[2] ? boxes[line[2]] : undefined;
  if (line && box) return lineField(Number(line[1]), box);
  return field === 'lines' ? lineField(0, 'fte') : field;
}

/** What the service refused (limits, a used id), beside the fields it names, in the form's words. */
function refusalErrors(error: CommandRefused): Record<string, string> {
  const fields = error.fields ?? (error.field ? [{ field: error.field, message: error.message }] : []);
  const named = fields.map(({ field, message }) => [
    formFieldOf(field),
    message.charAt(0).toUpperCase() + message.slice(1),
  ]);
  return named.length ? Object.fromEntries(named) : { proposalId: error.message };
}

export function proposalPages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  /**
   * Starts the proposal and goes to it; a refusal (too large for one workflow, an id already used)
   * shows the form again with the refusal beside its fields.
   */
  const start = async (
    proposal: FormProposal,
    request: FastifyRequest,
    reply: FastifyReply,
    done: string,
    showAgain: (errors: Record<string, string>, status: number) => FastifyReply,
  ) => {
    try {
      await posts.startProposal(proposal);
    } catch (error) {
      if (!(error instanceof CommandRefused)) throw error;
      const errors = refusalErrors(error);
      request.commandRefusal = Object.values(errors).join('; ');
      return showAgain(errors, statusOfRefusal[error.reason]);
    }
    return reply.redirect(`/proposals/${encodeURIComponent(proposal.proposalId)}?done=${done}`, 303);
  };

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: Pick<ProposalFormState, 'values' | 'errors' | 'rows' | 'total' | 'focus'> & {
      errorList?: ErrorLink[];
    },
    status = 200,
  ) =>
    renderPage(
      views,
      request,
      reply,
      'proposalForm.njk',
      {
        pageTitle: 'Create a proposal',
        people: peopleOptions(posts.directory),
        ...(state.errorList ? { errorList: state.errorList } : {}),
        form: { idPrefix: '', values: state.values, errors: state.errors },
        rows: state.rows,
        total: state.total,
        focus: state.focus,
        maxLines,
      },
      status,
    );

  app.get('/proposals/new', async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    return formPage(request, reply, {
      values: freshProposalValues(posts.directory),
      errors: {},
      rows: 1,
      total: freshRunningTotal(),
    });
  });

  // A proposal or a single vacancy is a command too (`propose`); the proposal id is its idempotency key.
  const proposing = {
    config: { command: { channel: 'form', target: 'proposal', command: 'propose' } },
  } as const;

  app.post('/proposals', proposing, async (request, reply) => {
    if (!onlyHr(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const body = formBodyOf(request.body);
    const action = actionOf(body);
    const read = readProposalForm(body, actorFor(user, ['hr']), action);
    const state = checkPeople(read, posts.directory, proposalWords(read.rows, lineField));
    if (action.kind === 'submit' && state.proposal) {
      // What the service refuses (an id already used, a limit) shows beside its fields.
      const showAgain = (errors: Record<string, string>, status: number) =>
        formPage(request, reply, { ...state, errors, errorList: errorLinks(errors, [], fieldId) }, status);
      return start(state.proposal, request, reply, 'proposal', showAgain);
    }
    if (state.errorList.length > 0) request.commandRefusal = state.errorList.map((e) => e.text).join('; ');
    return formPage(request, reply, state, state.errorList.length > 0 ? 400 : 200);
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
      readVacancyForm(formBodyOf(request.body), actorFor(user, ['hr'])),
      posts.directory,
      vacancyWords,
    );
    const show = (errors: Record<string, string>, status: number) =>
      renderPage(
        views,
        request,
        reply,
        'vacancyForm.njk',
        {
          pageTitle: 'Start recruitment for a single vacancy',
          people: peopleOptions(posts.directory),
          errorList: errorLinks(errors, [], (field) => field),
          form: { idPrefix: '', values: state.values, errors },
        },
        status,
      );
    if (state.proposal) return start(state.proposal, request, reply, 'vacancy', show);
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
      const done = request.query.done ?? '';
      const stages = await settledStages(posts, view, Object.hasOwn(successMessages, done));
      return renderPage(views, request, reply, 'proposal.njk', {
        pageTitle: view.title,
        successMessage: successMessages[done],
        proposal: view,
        leftPence: view.allocationPence - requested.costPence,
        lines: linesOf(view),
        posts: stages,
        checking: checking(stages),
        refreshHref: `/proposals/${encodeURIComponent(view.proposalId)}`,
      });
    },
  );
}
