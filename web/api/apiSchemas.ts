import { z } from 'zod';
import { postStages } from '../../domain/postRules.js';
import { proposalLimits } from '../../domain/proposalLimits.js';
import { postSorts } from '../../projections/catalogueQueries.js';
import { actor, pence, postId, proposalId, systemActor } from '../../schemas/common.js';
import { personRole } from '../../schemas/person.js';
import { type PostCommandType, postCommand, reason } from '../../schemas/postCommands.js';
import { postDetails, postLine } from '../../schemas/postWorkflowInput.js';
import { approvalTimingsGiven, proposalDraft } from '../../schemas/proposal.js';
import { type RouteCommandType, routeCommand } from '../../schemas/routeCommands.js';

/**
 * The HTTP shapes of the API, made from the command and proposal schemas in schemas/ so that the
 * OpenAPI document, the validation and the workflows' own parsing can never disagree.
 */

/**
 * The author of a proposal is whoever is signed in, never a field of the request; the decision maker
 * and deputy default to the service's director and their deputy in the staff directory.
 */
/** A whole proposal as the document's example: what the docs show, and the fuzzer's first try. */
const exampleProposal = {
  proposalId: 'example-2022',
  title: 'Investment in Children and Families Transition Plan',
  service: 'Children and Families',
  allocationPence: 150_000_000,
  allocationName: '2022/23 revenue budget',
  openForCallIn: false,
  confidential: false,
  reportDate: '2022-06-30',
  lines: [
    {
      serviceArea: 'Children’s Social Work Service',
      jobTitle: 'Social Worker',
      grade: 'PO3',
      annualCostPence: 4_962_900,
      fteCount: 2,
      jobDescriptionRef: 'Appendix A2',
      justification: 'Rising demand in the duty and advice teams.',
    },
  ],
};

/** A line of the cost table as the API takes it: FTE within what makes a post. */
const proposalLine = postLine.extend({
  fteCount: z
    .number()
    .min(proposalLimits.minPostFte)
    .max(proposalLimits.maxPosts)
    .describe(
      `Whole posts then at most one part-time post, which must be at least ${proposalLimits.minPostFte} FTE (so 2.005 is refused)`,
    ),
});

export const proposalBody = proposalDraft
  .partial({ decisionMaker: true, deputy: true })
  .extend({
    // Left unfilled here: what the request leaves out comes from the approval policy, at the edge.
    timings: approvalTimingsGiven
      .optional()
      .describe(
        'The approval timetable in working days, and the call-in closing time (London, HH:MM); each left out comes from the approval policy (call-in) or the defaults',
      ),
    // The id rules of domain/proposalLimits.ts that a JSON Schema pattern can say: room for the ids
    // of its posts, and nothing that reads as a post's, route's or budget's id.
    proposalId: z
      .string()
      .regex(
        /^(?!.*\.L\d+\.P\d+(?:\.|$))(?!.*\.(?:budget|route|backfill)$)[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/,
        'expected a proposal id of at most 80 characters (letters, digits, . _ : -) that does not end like a post’s, route’s or budget’s id',
      )
      .describe(
        `Used once: a proposal id that has been used before, whatever became of its proposal, is refused with 409. At most ${proposalLimits.maxProposalIdLength} characters, so its posts’ ids fit.`,
      ),
    lines: z
      .array(proposalLine)
      .min(1)
      .max(proposalLimits.maxLines)
      .describe(
        `At most ${proposalLimits.maxLines} lines making at most ${proposalLimits.maxPosts.toLocaleString('en-GB')} posts between them (half Temporal’s ${proposalLimits.temporalPendingChildLimit.toLocaleString('en-GB')} pending child workflows), whose details fit in one start (2 MiB), and whose cost (annual cost × FTE, added up) stays within Number.MAX_SAFE_INTEGER pence; a larger proposal is refused with 400: split it. Justifications must not contain personal data.`,
      ),
  })
  .meta({ example: exampleProposal });

/** Lines added to a running proposal, with why: each line as on the proposal form (full-time cost). */
export const amendmentBody = z
  .strictObject({
    lines: z
      .array(proposalLine)
      .min(1)
      .max(20)
      .describe(
        `The proposal with these lines must stay within what one proposal holds: at most ${proposalLimits.maxLines} lines and ${proposalLimits.maxPosts.toLocaleString('en-GB')} posts in all, each part-time post at least ${proposalLimits.minPostFte} FTE, the cost within Number.MAX_SAFE_INTEGER pence; otherwise 400 naming the field. Justifications must not contain personal data.`,
      ),
    reason: reason.describe('Why the lines are added. Must not contain personal data.'),
  })
  .describe('Lines added to a running proposal, and why');

export const postParams = z.object({ postId });
export const proposalParams = z.object({ proposalId });
export const proposalFilter = z.object({ proposalId: proposalId.optional() });

/**
 * A client's key for one intended effect: a retried request with the same key has that one effect.
 * A Structured Field string as draft-ietf-httpapi-idempotency-key-header has it ("…"), or bare.
 */
export const idempotencyKey = z
  .string({ error: 'an Idempotency-Key header is required on every command' })
  .regex(
    /^(?:"[A-Za-z0-9._:-]{1,200}"|[A-Za-z0-9._:-]{1,200})$/,
    'must be 1 to 200 characters of A-Z a-z 0-9 . _ : - (optionally in double quotes)',
  )
  .describe(
    'Unique per intended effect, kept with the first answer for IDEMPOTENCY_KEY_HOURS (24 by default). The same request again (same person, path and body) gets that answer, marked Idempotent-Replayed: true; the key on any other request is refused with 422.',
  );

// Loose: every other header (authorization, content-type) must stay on the request.
export const commandHeaders = z.looseObject({
  'idempotency-key': idempotencyKey,
  // Checked before validation by web/security/csrf.ts (csrfHeader); listed here so the docs show it.
  'x-csrf-token': z
    .string()
    .optional()
    .describe('Only when signed in with the session cookie: the csrf-token meta tag of any page'),
});

/**
 * Fields the service sets, never the client: the type (the path), the actor, a leave authority; and
 * a revision's `annualCostPence`, the post's own cost, which only revisions from before full-time
 * costs carry (a client sends the full-time cost, as on the proposal form).
 */
const serverSetFields = ['type', 'actor', 'onBehalfOf', 'annualCostPence'];

/**
 * A command's body: its schema without `type` (the path says it) and `actor` (the signed-in user).
 * zod cannot `omit` from a schema with refinements (from ≤ to, opensOn < closesOn), so the fields are
 * taken from its shape and the whole command schema is run again for the refinements' verdicts.
 */
function commandBody(command: z.ZodObject, type: string) {
  const fields = Object.fromEntries(
    Object.entries(command.shape).filter(([key]) => !serverSetFields.includes(key)),
  );
  return z.strictObject(fields).superRefine((body, context) => {
    const whole = command.safeParse({ ...body, type, actor: systemActor });
    for (const issue of whole.error?.issues ?? []) {
      if (issue.code === 'custom')
        context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  });
}

export interface CommandRoute<Type extends string> {
  type: Type;
  body: ReturnType<typeof commandBody>;
}

function commandRoutes<Type extends string>(options: readonly z.ZodObject[]): CommandRoute<Type>[] {
  return options.map((option) => {
    const type = (option.shape.type as z.ZodLiteral<Type>).value;
    return { type, body: commandBody(option, type) };
  });
}

/** One route per option of the command unions, so a new command gets its endpoint by being added there. */
export const postCommandRoutes = commandRoutes<PostCommandType>(postCommand.options);
export const routeCommandRoutes = commandRoutes<RouteCommandType>(routeCommand.options);

const decisionRecord = z.object({
  action: z.string(),
  actor,
  authority: z.string(),
  reason: z.string(),
  at: z.string(),
});

// Views are described by their main fields and pass the rest through: the workflow owns their shape.
export const postView = z
  .looseObject({
    postId: z.string(),
    proposalId: z.string(),
    details: postDetails.loose(),
    stage: z.string(),
    waitingFor: z.string(),
    budget: z.looseObject({ reservedPence: pence, shortfallPence: pence.optional() }),
    escalated: z.boolean(),
    overdue: z.boolean(),
    decisions: z.array(decisionRecord),
  })
  .describe('A post: its stage, what it waits for, its budget and its decision history');

/** A post command's answer: the post after it, and the entry the workflow recorded for this command. */
export const postCommandAnswer = postView
  .extend({
    decided: decisionRecord.describe(
      'What this command decided: the entry the workflow recorded for it, with the authority it was taken under',
    ),
  })
  .describe('The post after the command, and what the command decided');

export const postViewForCaller = postView
  .extend({
    availableCommands: z
      .array(z.enum(postCommand.options.map((option) => option.shape.type.value)))
      .describe('The commands the signed-in person may send to this post now'),
  })
  .describe('A post, with the commands the signed-in person may send now');

export const routeView = z
  .looseObject({
    postId: z.string(),
    route: z.string(),
    step: z.string(),
    accepts: z.array(z.string()),
    filled: z.boolean(),
  })
  .describe('A recruitment route: its step and the commands it accepts now');

export const proposalView = z
  .looseObject({
    proposalId: z.string(),
    title: z.string(),
    allocationPence: pence,
    requested: z.object({ costPence: pence, fte: z.number(), posts: z.number().int() }),
    posts: z.array(
      z.object({
        postId: z.string(),
        lineNumber: z.number().int(),
        jobTitle: z.string(),
        grade: z.string(),
        annualCostPence: pence,
        fte: z.number(),
        outcome: z.string().optional(),
      }),
    ),
  })
  .describe('A proposal and its posts');

/** A post as every list shows it: what it is, what it costs, where it stands and for how long. */
export const postSummary = z.object({
  postId: z.string(),
  proposalId: z.string(),
  proposalTitle: z.string().optional(),
  jobTitle: z.string(),
  stage: z.string(),
  serviceArea: z.string(),
  grade: z.string(),
  fte: z.number().optional(),
  annualCostPence: z.number().int().optional().describe('This post’s annual cost at its FTE, in pence'),
  proposedBy: z.string().optional(),
  decisionMaker: z.string().optional(),
  daysWaiting: z.number().int().optional().describe('Whole days in the current stage (open posts)'),
  overdue: z.boolean().optional(),
  status: z.string().optional(),
});

const yesNo = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Search, filters, sorting and paging of the posts list (GET /api/posts, and the /posts page). */
export const postListQuery = z.object({
  proposalId: proposalId.optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Words in the job title, proposal title, post id or proposal id'),
  stage: z.enum(postStages).optional(),
  serviceArea: z.string().max(200).optional(),
  grade: z.string().max(20).optional(),
  route: z.string().max(40).optional(),
  overdue: yesNo.optional(),
  open: yesNo.optional(),
  sort: z.enum(postSorts).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  perPage: z.coerce.number().int().min(1).max(100).optional(),
});

export const proposalListQuery = z.object({
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  perPage: z.coerce.number().int().min(1).max(100).optional(),
});

export const proposalListItem = z.object({
  proposalId: z.string(),
  title: z.string().optional(),
  proposedBy: z.string(),
  proposedAt: z.string(),
  posts: z.number().int(),
  open: z.number().int(),
  fte: z.number(),
  annualCostPence: z.number().int(),
});

/** A post in a person's work list: what it is, where it stands, and why it is theirs. */
export const workItem = z.object({
  postId: z.string(),
  proposalId: z.string(),
  jobTitle: z.string(),
  stage: z.string(),
  serviceArea: z.string(),
  grade: z.string(),
  decisionMaker: z.string(),
  proposedBy: z.string(),
  overdue: z.boolean(),
  startedAt: z.iso.datetime(),
  why: z
    .string()
    .describe('Why it is on this list: "yours to decide", "leave cover for director.julie until 2026-12-09"'),
});

export const workSection = z.object({
  key: z.enum(['decide', 'call-in', 'respond', 'answered', 'hr']),
  title: z.string(),
  waiting: z.boolean().describe('false for a section of things already done (consultations answered)'),
  items: workItem.array(),
});

export const proposalStarted = z.object({
  proposalId: z.string(),
  started: z.literal(true).describe('The proposal’s workflow has started (a replay says so too)'),
  postIds: z.array(postId).describe('The ids of the posts it starts, in line order'),
});

/** One line per command for the OpenAPI document. */
export const commandSummaries: Readonly<Record<PostCommandType | RouteCommandType, string>> = {
  decide: 'Approve, reject or send back the post (director, or deputy under delegation or escalation)',
  delegate: 'Let a deputy decide for a window of dates',
  revise: 'Revise a post that was sent back or held for budget; it re-enters the budget check',
  'record-consultation': 'Record the union, Executive Member or equality (EDCI) response',
  'record-call-in': 'Record that a scrutiny board called the decision in',
  'record-call-in-outcome': 'Record the scrutiny board’s outcome',
  'publish-advert': 'Publish an advert (or a re-advert)',
  'record-applications': 'Record how many applied and how many are suitable',
  hold: 'Hold the post after an advert found nobody suitable',
  'start-route': 'Start the recruitment route that fills the post',
  'start-agency-cover': 'Cover the vacant post with an agency worker',
  'end-agency-cover': 'End the agency cover',
  withdraw: 'Withdraw the post; its budget reservation is released',
  shortlist: 'Record the shortlist',
  'record-interview': 'Record a candidate’s interview outcome',
  'make-offer': 'Offer the post to an appointable candidate',
  'record-offer-response': 'Record whether the candidate accepted the offer',
  'record-check': 'Record a pre-employment check',
  'assign-certificate-of-sponsorship': 'Assign a Certificate of Sponsorship (international route)',
  'record-visa-decision': 'Record the Skilled Worker visa decision (international route)',
  'confirm-overseas-registration': 'Confirm registration with Social Work England (international route)',
  'record-arrival': 'Record the recruit’s arrival (international route)',
  'enrol-apprentice': 'Enrol a staff member on the degree apprenticeship',
  'record-qualification': 'Record that the apprentice qualified',
  'join-step-up-cohort': 'A trainee joins a Step Up to Social Work cohort: the post is filled',
  'confirm-start': 'Confirm the appointee’s start date: the post is filled',
  'end-unfilled': 'End the route without an appointment',
};

/**
 * What a command's JSON Schema cannot say (rules across fields, or against today), in the words of the
 * OpenAPI document; the service refuses a body that breaks one with 400 naming the field.
 */
const noPersonalData =
  'Reasons and summaries must not contain personal data (email addresses, UK phone numbers, postcodes, National Insurance numbers, dates of birth): they travel in events to every consumer of the stream.';

export const commandRules: Partial<Readonly<Record<PostCommandType | RouteCommandType, string>>> = {
  decide: noPersonalData,
  delegate: `\`to\` must not be before \`from\`. ${noPersonalData}`,
  revise: `Justifications too: ${noPersonalData}`,
  'record-consultation': noPersonalData,
  'record-call-in': noPersonalData,
  'record-call-in-outcome': noPersonalData,
  'publish-advert':
    '`closesOn` must be after `opensOn`, and `opensOn` must be today or later (London time): an advert cannot open in the past.',
  'record-applications': '`suitable` cannot exceed `received`.',
  hold: noPersonalData,
  'start-route': noPersonalData,
  withdraw: noPersonalData,
  'enrol-apprentice': '`expectedQualificationOn` must be after `startsOn`.',
  'end-unfilled': noPersonalData,
};

/** The signed-in person (`GET /api/me`), and how the request was signed in. */
export const meView = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(personRole),
    serviceAreas: z.array(z.string()),
    signedInWith: z.enum(['session', 'api-token', 'identity-provider-token']),
  })
  .describe('The signed-in person and how the request was signed in');
