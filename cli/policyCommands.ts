import { type Command, InvalidArgumentError, Option } from 'commander';
import { memoryDirectoryStore } from '../directory/memoryDirectoryStore.js';
import { readDirectoryFile } from '../directory/readDirectoryFile.js';
import { StaffDirectory } from '../directory/staffDirectory.js';
import {
  type ApprovalLevel,
  type ApprovalPolicy,
  type Approver,
  existingEstablishment,
  type PolicyPost,
  ruleFor,
} from '../domain/approvalPolicy.js';
import { readApprovalPolicyFile } from '../policy/approvalPolicyFile.js';
import { formatPounds, parsePounds } from './pounds.js';
import type { CliIo } from './program.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function approverInWords(
  approver: Approver,
  directory: StaffDirectory | undefined,
  serviceArea?: string,
): string {
  if ('person' in approver) {
    const name = directory?.person(approver.person)?.name;
    return name ? `${name} (${approver.person})` : approver.person;
  }
  if (!directory) return `anyone with the role ${approver.role}`;
  // A director of the post's own service area first, as the directory says who directs what.
  const ownDirector =
    approver.role === 'director' && serviceArea ? directory.directorOf(serviceArea) : undefined;
  const people = ownDirector ? [ownDirector] : directory.withRole(approver.role);
  return `${approver.role}: ${people.map((person) => `${person.name} (${person.id})`).join(', ') || 'nobody yet'}`;
}

function levelLine(
  level: ApprovalLevel,
  directory: StaffDirectory | undefined,
  serviceArea?: string,
): string {
  const timing = `reminded after ${plural(level.reminderAfterWorkingDays, 'working day')}, escalated after ${level.escalateAfterWorkingDays}`;
  const standIn = level.standIn
    ? `; stand-in: ${approverInWords(level.standIn, directory, serviceArea)}`
    : '';
  return `${level.name}: ${approverInWords(level.approver, directory, serviceArea)} (${timing}${standIn})`;
}

/** A chain, one numbered step a line; parallel levels share their step's number. */
export function chainLines(
  chain: ApprovalPolicy['rules'][number]['chain'],
  directory?: StaffDirectory,
  serviceArea?: string,
): string[] {
  return chain.flatMap((step, index) =>
    step.levels.length === 1
      ? [`  ${index + 1}. ${levelLine(step.levels[0] as ApprovalLevel, directory, serviceArea)}`]
      : [
          `  ${index + 1}. together, all of:`,
          ...step.levels.map((level) => `     - ${levelLine(level, directory, serviceArea)}`),
        ],
  );
}

function summaryLines(policy: ApprovalPolicy, file: string): string[] {
  return [
    `${file}: version ${policy.version}, ${plural(policy.rules.length, 'rule')}; call-in: ${plural(policy.callIn.workingDays, 'working day')}, until ${policy.callIn.closingTime} (London) on the last`,
    ...policy.rules.flatMap((rule, index) => [`Rule ${index + 1}, ${rule.name}:`, ...chainLines(rule.chain)]),
    'Every post gets exactly one chain.',
  ];
}

async function directoryFrom(file: string | undefined): Promise<StaffDirectory | undefined> {
  return file ? new StaffDirectory(memoryDirectoryStore(await readDirectoryFile(file))) : undefined;
}

function fteOption(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed <= 0 || parsed > 1)
    throw new InvalidArgumentError('expected an FTE above 0 and at most 1, such as 1 or 0.5');
  return parsed;
}

function poundsOption(value: string): number {
  const parsed = parsePounds(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.problem);
  return parsed.pence;
}

interface ChainOptions {
  serviceArea: string;
  grade: string;
  annualCost: number;
  fte: number;
  fundingSource?: string;
  replacement: boolean;
  confidential: boolean;
  directory?: string;
}

/**
 * `policy check <file>` and `policy chain <file> …`: a council's IT checks an approval policy before
 * it is used, and anyone can see the chain a post would get under it. Both read files only.
 */
export function addPolicyCommands(program: Command, io: CliIo): void {
  const policy = program
    .command('policy')
    .description('Check an approval policy file, or the chain a post would get.');
  const directoryOption = new Option(
    '--directory <file>',
    'a staff directory (.csv or .json) to check the people and roles the policy names against',
  );

  policy
    .command('check')
    .description('Check an approval policy file whole; say what it holds.')
    .argument('<file>', 'the policy (YAML), such as policy/approval-policy.yaml')
    .addOption(directoryOption)
    .action(async (file: string, options: { directory?: string }) => {
      const loaded = await readApprovalPolicyFile(file, await directoryFrom(options.directory));
      for (const line of summaryLines(loaded, file)) io.out(line);
    });

  policy
    .command('chain')
    .description('Print the approval chain a post would get under a policy.')
    .argument('<file>', 'the policy (YAML)')
    .requiredOption('--service-area <name>', 'the post’s service area, such as "Children\'s Social Work"')
    .requiredOption('--grade <grade>', 'the post’s grade, such as PO3')
    .requiredOption(
      '--annual-cost <pounds>',
      'the full-time annual cost in pounds, such as 44,581',
      poundsOption,
    )
    .option('--fte <fte>', 'the post’s FTE, above 0 and at most 1', fteOption, 1)
    .option('--funding-source <name>', 'the allocation a new post is funded from, by name')
    .option('--replacement', 'the post replaces one that became vacant (not a new post)', false)
    .option('--confidential', 'the post is confidential', false)
    .addOption(directoryOption)
    .action(async (file: string, options: ChainOptions) => {
      const directory = await directoryFrom(options.directory);
      const loaded = await readApprovalPolicyFile(file, directory);
      const post: PolicyPost = {
        serviceArea: options.serviceArea,
        grade: options.grade,
        annualCostPence: options.annualCost,
        fte: options.fte,
        fundingSource: options.fundingSource ?? (options.replacement ? existingEstablishment : ''),
        newPost: !options.replacement,
        confidential: options.confidential,
      };
      // A policy that loads gives every post a rule (it is refused otherwise).
      const found = ruleFor(loaded, post) as NonNullable<ReturnType<typeof ruleFor>>;
      io.out(
        `${post.newPost ? 'A new' : 'A replacement'} ${post.grade} post in ${post.serviceArea} at ${formatPounds(post.annualCostPence)} a year (FTE ${post.fte}) gets rule ${found.index + 1} of version ${loaded.version}, ${found.rule.name}:`,
      );
      for (const line of chainLines(found.rule.chain, directory, post.serviceArea)) io.out(line);
    });
}
