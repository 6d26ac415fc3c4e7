import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { StaffDirectory } from '../directory/staffDirectory.js';
import {
  type ApprovalPolicy,
  type Approver,
  approverRoles,
  approversOf,
  describePolicyPost,
  postWithoutChain,
} from '../domain/approvalPolicy.js';
import { FileProblemsError } from '../files/fileProblemsError.js';
import { approvalPolicyFile } from '../schemas/approvalPolicy.js';

/** Everything wrong with a policy file, each problem with its line and field; nothing was loaded. */
export class ApprovalPolicyFileError extends FileProblemsError {
  override readonly name = 'ApprovalPolicyFileError';
  readonly outcome = 'The policy was not accepted.';
}

type Path = readonly PropertyKey[];

/** `rules[1].chain[0].role`: the field as the file nests it, counting list items from 0. */
function fieldOf(path: Path): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`,
    '',
  );
}

/**
 * A union's issues, from the branch the value was meant for: a step with `together` is a list of
 * levels, any other is one level. Zod reports a failed union as one issue holding both branches'.
 */
function flatten(issue: z.core.$ZodIssue, valueAt: (path: Path) => unknown): z.core.$ZodIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      ...issue,
      path: [...issue.path, key],
      message: 'is not a field here',
    }));
  }
  if (issue.code !== 'invalid_union' || issue.errors.length !== 2) return [issue];
  const value = valueAt(issue.path);
  const meant = typeof value === 'object' && value !== null && 'together' in value ? 0 : 1;
  return (issue.errors[meant] ?? []).flatMap((inner) =>
    flatten({ ...inner, path: [...issue.path, ...inner.path] }, valueAt),
  );
}

/**
 * Reads an approval policy (YAML) and checks it whole: its fields, that every post gets a chain,
 * and, given the staff directory, that every person it names is there with an approver's role and
 * every role it names is held by someone. Throws ApprovalPolicyFileError naming each problem's line.
 */
export function parseApprovalPolicy(text: string, file: string, directory?: StaffDirectory): ApprovalPolicy {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new ApprovalPolicyFileError(
      file,
      document.errors.map(
        (error) => `line ${error.linePos?.[0].line ?? '?'}: ${error.message.split('\n')[0]}`,
      ),
    );
  }
  /** The line of the deepest part of the path the file has (a missing field: its parent's line). */
  const lineOf = (path: Path): number => {
    for (let length = path.length; length >= 0; length -= 1) {
      const node = document.getIn(path.slice(0, length) as unknown[], true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const problem = (path: Path, message: string) =>
    path.length === 0
      ? `line ${lineOf(path)}: ${message}`
      : `line ${lineOf(path)}, ${fieldOf(path)}: ${message}`;

  const raw: unknown = document.toJS();
  const parsed = approvalPolicyFile.safeParse(raw ?? {});
  if (!parsed.success) {
    const valueAt = (path: Path) => document.getIn(path as unknown[]);
    throw new ApprovalPolicyFileError(
      file,
      parsed.error.issues
        .flatMap((issue) => flatten(issue, valueAt))
        .map((issue) => problem(issue.path, issue.message)),
    );
  }
  const policy = parsed.data;
  const problems: string[] = [];

  const seen = new Map<string, number>();
  policy.rules.forEach((rule, index) => {
    const key = rule.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(
        problem(
          ['rules', index, 'rule'],
          `another rule is already called '${rule.name}' (rule ${first + 1})`,
        ),
      );
    else seen.set(key, index);
  });

  const gap = postWithoutChain(policy);
  if (gap) {
    problems.push(
      problem(
        ['rules'],
        `no rule holds for a post with ${describePolicyPost(gap)}: every post needs a chain, so end with a rule without "when", which holds for every post`,
      ),
    );
  }

  if (directory) problems.push(...directoryProblems(policy, directory, (index) => lineOf(['rules', index])));
  if (problems.length > 0) throw new ApprovalPolicyFileError(file, problems);
  return policy;
}

/** The people and roles the policy names, checked against the staff directory. */
function directoryProblems(
  policy: ApprovalPolicy,
  directory: StaffDirectory,
  ruleLine: (index: number) => number,
): string[] {
  const problemWith = (approver: Approver): string | undefined => {
    if ('role' in approver) {
      return directory.withRole(approver.role).length === 0
        ? `nobody in the staff directory has the role ${approver.role}`
        : undefined;
    }
    const person = directory.person(approver.person);
    if (!person) return `${approver.person} is not in the staff directory`;
    if (!person.active) return `${approver.person} (${person.name}) has left: name someone else`;
    const approves = person.roles.some((role) => (approverRoles as readonly string[]).includes(role));
    return approves
      ? undefined
      : `${approver.person} (${person.name}) holds no approver's role (${approverRoles.join(', ')})`;
  };
  return approversOf(policy).flatMap(({ ruleIndex, rule, level, approver }) => {
    const found = problemWith(approver);
    return found ? [`line ${ruleLine(ruleIndex)}, rule '${rule}', level '${level}': ${found}`] : [];
  });
}

export async function readApprovalPolicyFile(
  file: string,
  directory?: StaffDirectory,
): Promise<ApprovalPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ApprovalPolicyFileError(file, [
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  return parseApprovalPolicy(text, file, directory);
}
