import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { costAtFte } from '../../domain/proposalPosts.js';
import type { PostLine } from '../../schemas/postWorkflowInput.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { amendmentBody } from '../api/apiSchemas.js';
import { actorFor, hasRole, type SignedInUser } from '../auth/user.js';
import { refusalMessage } from './errorCatalogue.js';
import { amendWords } from './fieldWords.js';
import { errorLinks, FormReader, formBodyOf, issuesToErrors } from './formReader.js';
import { messagePage } from './messagePage.js';
import { renderPage } from './views.js';

const fields = ['serviceArea', 'jobTitle', 'grade', 'fullTimeCost', 'fte', 'justification', 'reason'];

/** The form's field an issue of the amendment names: `lines.0.annualCostPence` is the full-time cost. */
function amendFieldOf(path: readonly PropertyKey[]): string | undefined {
  const named = path[0] === 'lines' ? path[2] : path[0];
  if (named === 'annualCostPence') return 'fullTimeCost';
  if (named === 'fteCount') return 'fte';
  return typeof named === 'string' ? named : undefined;
}
const idempotencyKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * HR adds a post line to a running proposal against its own allocation (the Safe project's two
 * Family Support Workers added after the report's table, say): one form, one line at a time,
 * recorded on the proposal as an amendment with who and why.
 */
export function amendPages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    proposalId: string,
    form: { values: Record<string, unknown>; errors: Record<string, string> },
    status = 200,
  ) => {
    const proposal = await posts.proposal(proposalId, request.user as SignedInUser).catch(() => undefined);
    if (!proposal)
      return messagePage(
        views,
        request,
        reply,
        404,
        'Proposal not found',
        'There is no proposal with this id.',
      );
    const errorList = errorLinks(form.errors, fields, (field) => field);
    return renderPage(
      views,
      request,
      reply,
      'proposalAmend.njk',
      {
        pageTitle: `Add a post line to ${proposal.title}`,
        proposal,
        errorList,
        form: { idPrefix: '', ...form },
      },
      status,
    );
  };

  app.get<{ Params: { proposalId: string } }>('/proposals/:proposalId/amend', async (request, reply) => {
    if (!hasRole(request.user, 'hr')) {
      return messagePage(
        views,
        request,
        reply,
        403,
        'You cannot amend proposals',
        'Only HR adds lines to a proposal.',
      );
    }
    return page(request, reply, request.params.proposalId, {
      values: { fte: '1', idempotencyKey: randomUUID() },
      errors: {},
    });
  });

  app.post<{ Params: { proposalId: string } }>(
    '/proposals/:proposalId/amend',
    { config: { command: { channel: 'form', target: 'proposal', command: 'amend-proposal' } } },
    async (request, reply) => {
      const user = request.user as SignedInUser;
      if (!hasRole(user, 'hr')) {
        return messagePage(
          views,
          request,
          reply,
          403,
          'You cannot amend proposals',
          'Only HR adds lines to a proposal.',
        );
      }
      const { proposalId } = request.params;
      const reader = new FormReader(formBodyOf(request.body), amendWords);
      const fullTime = reader.pence('fullTimeCost');
      const fte = reader.decimal('fte');
      const reason = reader.text('reason');
      const justification = reader.optionalText('justification');
      const candidate = {
        lines: [
          {
            serviceArea: reader.text('serviceArea'),
            jobTitle: reader.text('jobTitle'),
            grade: reader.text('grade'),
            annualCostPence: fullTime,
            fteCount: fte,
            ...(justification ? { justification } : {}),
          },
        ],
        reason,
      };
      // The API's own check of an amendment, its issues said in the catalogue's words.
      const amendment = amendmentBody.safeParse(candidate);
      if (!amendment.success) issuesToErrors(amendment.error.issues, reader, candidate, amendFieldOf);
      if (reader.hasErrors || !amendment.success) {
        request.commandRefusal = Object.values(reader.errors).join('; ');
        return page(request, reply, proposalId, { values: reader.values, errors: reader.errors }, 400);
      }
      const [line] = amendment.data.lines as [PostLine];
      const key = reader.text('idempotencyKey');
      try {
        await posts.amendProposal(
          proposalId,
          { actor: actorFor(user, ['hr']), lines: [line], reason: amendment.data.reason },
          idempotencyKeyPattern.test(key) ? key : undefined,
        );
      } catch (error) {
        if (!(error instanceof CommandRefused)) throw error;
        request.commandRefusal = error.message;
        // The workflow says by how much the line does not fit: about the cost, so it is the cost's.
        const message = refusalMessage(error.reason, error.message);
        return page(
          request,
          reply,
          proposalId,
          { values: reader.values, errors: { fullTimeCost: message } },
          409,
        );
      }
      request.log.info(
        { proposalId, postCostPence: costAtFte(line.annualCostPence, Math.min(1, line.fteCount)) },
        'proposal amended',
      );
      return reply.redirect(`/proposals/${encodeURIComponent(proposalId)}?done=amended`, 303);
    },
  );
}
