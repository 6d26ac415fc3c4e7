import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { costAtFte } from '../../domain/proposalPosts.js';
import { postLine } from '../../schemas/postWorkflowInput.js';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { actorFor, hasRole, type SignedInUser } from '../auth/user.js';
import { FormReader, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { renderPage } from './views.js';

const fields = ['serviceArea', 'jobTitle', 'grade', 'fullTimeCost', 'fte', 'justification', 'reason'];
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
    const errorList = fields
      .filter((field) => form.errors[field])
      .map((field) => ({ text: form.errors[field] as string, href: `#${field}` }));
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
      const reader = new FormReader(formBodyOf(request.body));
      const fullTime = reader.pence('fullTimeCost', 'the full-time annual cost');
      const fte = reader.decimal('fte', 'the FTE');
      const reason = reader.text('reason');
      if (reason === '') reader.fail('reason', 'Enter why the proposal gains this line');
      const line = postLine.safeParse({
        serviceArea: reader.text('serviceArea'),
        jobTitle: reader.text('jobTitle'),
        grade: reader.text('grade'),
        annualCostPence: fullTime,
        fteCount: fte,
        ...(reader.optionalText('justification')
          ? { justification: reader.optionalText('justification') }
          : {}),
      });
      if (!line.success) {
        const words: Record<string, string> = {
          serviceArea: 'Enter the service area',
          jobTitle: 'Enter the job title, up to 200 characters',
          grade: 'Enter the grade, like PO3, up to 20 characters',
          fteCount: 'Enter the FTE as a number above 0, like 1 or 0.5',
        };
        for (const issue of line.error.issues) {
          const field = String(issue.path[0]) === 'fteCount' ? 'fte' : String(issue.path[0]);
          if (!reader.errors[field] && words[String(issue.path[0])])
            reader.fail(field, words[String(issue.path[0])] as string);
        }
      }
      if (reader.hasErrors || !line.success) {
        request.commandRefusal = Object.values(reader.errors).join('; ');
        return page(request, reply, proposalId, { values: reader.values, errors: reader.errors }, 400);
      }
      const key = reader.text('idempotencyKey');
      try {
        await posts.amendProposal(
          proposalId,
          { actor: actorFor(user, ['hr']), lines: [line.data], reason },
          idempotencyKeyPattern.test(key) ? key : undefined,
        );
      } catch (error) {
        if (!(error instanceof CommandRefused)) throw error;
        request.commandRefusal = error.message;
        const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
        return page(
          request,
          reply,
          proposalId,
          { values: reader.values, errors: { fullTimeCost: message } },
          409,
        );
      }
      request.log.info(
        { proposalId, postCostPence: costAtFte(line.data.annualCostPence, Math.min(1, line.data.fteCount)) },
        'proposal amended',
      );
      return reply.redirect(`/proposals/${encodeURIComponent(proposalId)}?done=amended`, 303);
    },
  );
}
