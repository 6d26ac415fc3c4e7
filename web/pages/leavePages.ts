import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { leaveRequest, planLeaveCover } from '../../directory/leaveCover.js';
import { londonDateOf } from '../../domain/workingDays.js';
import type { PostService } from '../../temporal/postService.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { domainProblem } from './errorCatalogue.js';
import { leaveWords } from './fieldWords.js';
import { type ErrorLink, errorLinks, FormReader, formBodyOf, issuesToErrors } from './formReader.js';
import { messagePage } from './messagePage.js';
import { personOptions } from './personOptions.js';
import { renderPage } from './views.js';

const fieldOrder = ['deputyId', 'from', 'to', 'serviceArea', 'reason'];
const fieldIds: Record<string, string> = { from: 'from-day', to: 'to-day' };

function onlyDirectors(views: nunjucks.Environment, request: FastifyRequest, reply: FastifyReply): boolean {
  if (hasRole(request.user, 'director')) return true;
  request.commandRefusal = 'only a director arranges cover for their decisions';
  messagePage(
    views,
    request,
    reply,
    403,
    'You cannot arrange leave cover',
    'Only directors hand their decisions to a deputy.',
  );
  return false;
}

/**
 * A director's leave cover: all their decisions, or one service area's, handed to a deputy for a
 * range of dates. Kept in the staff directory with who, when and why; each decision under it records
 * it as the authority; it starts and ends by itself, and the director can cancel it.
 */
export function leavePages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  const { directory } = posts;
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: Record<string, string | string[]>; errors: Record<string, string> },
    errorList: ErrorLink[] = [],
    status = 200,
    successMessage?: string,
  ) => {
    const user = request.user as SignedInUser;
    const today = londonDateOf(Date.now());
    const director = directory.person(user.id);
    return renderPage(
      views,
      request,
      reply,
      'leave.njk',
      {
        pageTitle: 'Cover for your leave',
        errorList,
        ...(successMessage ? { successMessage } : {}),
        form: { idPrefix: '', ...form },
        cover: directory.currentAndComing(today).filter((leave) => leave.directorId === user.id),
        deputies: personOptions(directory, 'deputy'),
        areas: (director?.directorOf ?? []).filter((area) => area !== '*'),
      },
      status,
    );
  };
  const cover = {
    config: { command: { channel: 'form', target: 'leave', command: 'arrange-leave-cover' } },
  } as const;

  app.get<{ Querystring: { done?: string } }>('/leave', async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const deputy = directory.deputyOf(user.id);
    const done = { arranged: 'Your leave cover is arranged.', cancelled: 'The leave cover is cancelled.' };
    const message = done[request.query.done as keyof typeof done];
    return page(
      request,
      reply,
      { values: deputy ? { deputyId: deputy.id } : {}, errors: {} },
      [],
      200,
      message,
    );
  });

  app.post('/leave', cover, async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const reader = new FormReader(formBodyOf(request.body), leaveWords);
    const deputyId = reader.text('deputyId');
    const from = reader.date('from');
    const to = reader.date('to');
    const serviceArea = reader.optionalText('serviceArea');
    const candidate = {
      deputyId,
      from,
      to,
      reason: reader.text('reason'),
      ...(serviceArea && serviceArea !== 'all' ? { serviceArea } : {}),
    };
    const parsed = leaveRequest.safeParse(candidate);
    if (!parsed.success) issuesToErrors(parsed.error.issues, reader, candidate);
    if (!reader.hasErrors && parsed.success) {
      const planned = planLeaveCover(directory, parsed.data, user.id, londonDateOf(Date.now()));
      for (const problem of planned.problems) reader.problem(problem.field, domainProblem(problem.message));
      if (planned.delegation) {
        await directory.store.addLeaveDelegation(planned.delegation);
        request.log.info({ leaveDelegation: planned.delegation.id }, 'leave cover arranged');
        return reply.redirect('/leave?done=arranged', 303);
      }
    }
    request.commandRefusal = Object.values(reader.errors).join('; ');
    const errorList = errorLinks(reader.errors, fieldOrder, (field) => fieldIds[field] ?? field);
    return page(request, reply, { values: reader.values, errors: reader.errors }, errorList, 400);
  });

  app.post<{ Params: { id: string } }>('/leave/:id/cancel', cover, async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const mine = directory.store
      .leaveDelegations()
      .find((d) => d.id === request.params.id && d.directorId === user.id);
    if (!mine)
      return messagePage(
        views,
        request,
        reply,
        404,
        'Leave cover not found',
        'There is no such leave cover of yours.',
      );
    await directory.store.cancelLeaveDelegation(mine.id, user.id, new Date().toISOString());
    return reply.redirect('/leave?done=cancelled', 303);
  });
}
