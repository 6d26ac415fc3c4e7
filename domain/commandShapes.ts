import type { PostCommandType } from '../schemas/postCommands.js';
import type { RouteCommandType } from '../schemas/routeCommands.js';

/**
 * The structural guard an Update validator runs on a command before the rules see it. Commands are
 * parsed in full at the edges (the API, the pages, the CLI and PostService); a workflow checks only
 * what its handler relies on, without zod, and its handler applies exactly the value it checked.
 * The one content rule kept here is that a person is an opaque reference, never a name: personal
 * data must not enter a workflow's history whoever sends the command.
 */
type FieldKind = 'text' | 'ref' | 'refs' | 'number' | 'list';

const personRefPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const postCommandFields: Record<PostCommandType, Record<string, FieldKind>> = {
  decide: { decision: 'text', reason: 'text' },
  delegate: { delegateId: 'text', from: 'text', to: 'text', reason: 'text' },
  revise: { reason: 'text' },
  'record-consultation': { party: 'text', outcome: 'text', summary: 'text' },
  'record-call-in': { board: 'text', reason: 'text' },
  'record-call-in-outcome': { outcome: 'text', reason: 'text' },
  'publish-advert': { channels: 'list', opensOn: 'text', closesOn: 'text', ringFence: 'text' },
  'record-applications': { received: 'number', suitable: 'number' },
  hold: { reason: 'text' },
  'start-route': { route: 'text', reason: 'text' },
  'start-agency-cover': { agencyRef: 'ref', startsOn: 'text', weeklyCostPence: 'number', fte: 'number' },
  'end-agency-cover': { endsOn: 'text' },
  withdraw: { reason: 'text' },
};

const routeCommandFields: Record<RouteCommandType, Record<string, FieldKind>> = {
  shortlist: { candidateRefs: 'refs' },
  'record-interview': { candidateRef: 'ref', outcome: 'text' },
  'make-offer': { candidateRef: 'ref' },
  'record-offer-response': { candidateRef: 'ref', response: 'text' },
  'record-check': { check: 'text', outcome: 'text' },
  'assign-certificate-of-sponsorship': { certificateRef: 'ref' },
  'record-visa-decision': { outcome: 'text' },
  'confirm-overseas-registration': { registrationRef: 'ref' },
  'record-arrival': { arrivedOn: 'text' },
  'enrol-apprentice': {
    employeeRef: 'ref',
    provider: 'text',
    startsOn: 'text',
    expectedQualificationOn: 'text',
  },
  'record-qualification': { qualifiedOn: 'text' },
  'join-step-up-cohort': { traineeRef: 'ref', cohort: 'text', startsOn: 'text' },
  'confirm-start': { personRef: 'ref', startsOn: 'text' },
  'end-unfilled': { reason: 'text' },
};

function fieldProblem(name: string, kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? undefined : `${name}: a ${name} is required`;
    case 'ref':
      return typeof value === 'string' && personRefPattern.test(value)
        ? undefined
        : `${name}: expected an opaque reference such as cand-0042, not personal data`;
    case 'refs':
      if (!Array.isArray(value) || value.length === 0) return `${name}: at least one is required`;
      return value.every((item) => typeof item === 'string' && personRefPattern.test(item))
        ? undefined
        : `${name}: expected opaque references such as cand-0042, not personal data`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${name}: expected a number`;
    case 'list':
      return Array.isArray(value) && value.length > 0 ? undefined : `${name}: at least one is required`;
  }
}

function shapeProblem(
  command: unknown,
  fieldsOf: Record<string, Record<string, FieldKind>>,
): string | undefined {
  if (typeof command !== 'object' || command === null) return '(input): expected a command';
  const { type, actor, ...rest } = command as Record<string, unknown>;
  const fields = typeof type === 'string' && Object.hasOwn(fieldsOf, type) ? fieldsOf[type] : undefined;
  if (!fields) return `type: no such command: ${String(type)}`;
  if (typeof actor !== 'object' || actor === null) return 'actor: an actor is required';
  const { id, role } = actor as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof role !== 'string' || role === '') {
    return 'actor: expected an id and a role';
  }
  for (const [name, kind] of Object.entries(fields)) {
    const problem = fieldProblem(name, kind, rest[name]);
    if (problem) return problem;
  }
  return undefined;
}

/** What is structurally wrong with a post command, named by field, or undefined when nothing is. */
export function postCommandShapeProblem(command: unknown): string | undefined {
  return shapeProblem(command, postCommandFields);
}

/** What is structurally wrong with a route command, named by field, or undefined when nothing is. */
export function routeCommandShapeProblem(command: unknown): string | undefined {
  return shapeProblem(command, routeCommandFields);
}
