import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isoDate, text, userId } from '../schemas/common.js';
import type { LeaveDelegation } from '../schemas/person.js';
import type { PersonFieldProblem } from '../temporal/namedPeople.js';
import type { StaffDirectory } from './staffDirectory.js';

/** What a director asks for: cover by a deputy, for dates, for all their decisions or one service area's. */
export const leaveRequest = z.object({
  deputyId: userId,
  from: isoDate,
  to: isoDate,
  serviceArea: text(200).optional(),
  reason: text(2000, 'Enter why (for example, annual leave)'),
});
export type LeaveRequest = z.infer<typeof leaveRequest>;

/**
 * Checks a director's leave cover against the directory and the calendar, and makes the record that
 * the directory keeps (who asked, when, why). The workflow checks the dates again on each decision.
 */
export function planLeaveCover(
  directory: StaffDirectory,
  request: LeaveRequest,
  directorId: string,
  today: string,
  now = new Date(),
): { delegation?: LeaveDelegation; problems: PersonFieldProblem[] } {
  const problems: PersonFieldProblem[] = [];
  const directorProblem = directory.roleProblem(directorId, 'director');
  if (directorProblem) problems.push({ field: 'directorId', message: directorProblem });
  const deputyProblem = directory.roleProblem(request.deputyId, 'deputy');
  if (request.deputyId === directorId) {
    problems.push({
      field: 'deputyId',
      message: 'you cannot cover your own leave: choose a deputy director',
    });
  } else if (deputyProblem) {
    problems.push({ field: 'deputyId', message: deputyProblem });
  }
  if (request.to < request.from)
    problems.push({ field: 'to', message: 'the last day must be on or after the first day' });
  else if (request.to < today) problems.push({ field: 'to', message: 'the last day must be today or later' });
  const director = directory.person(directorId);
  if (
    request.serviceArea &&
    director &&
    !director.directorOf.includes('*') &&
    !director.directorOf.some((area) => area.toLowerCase() === request.serviceArea?.toLowerCase())
  ) {
    problems.push({ field: 'serviceArea', message: `you are not the director of ${request.serviceArea}` });
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    delegation: {
      id: `leave-${randomUUID().slice(0, 8)}`,
      directorId,
      deputyId: request.deputyId,
      from: request.from,
      to: request.to,
      ...(request.serviceArea ? { serviceArea: request.serviceArea } : {}),
      reason: request.reason,
      createdBy: directorId,
      createdAt: now.toISOString(),
    },
  };
}
