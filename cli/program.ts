import { randomUUID } from 'node:crypto';
import { Argument, Command, CommanderError, InvalidArgumentError } from 'commander';
import type { Logger } from 'pino';
import { ConfigError } from '../config/index.js';
import { proposalTotals } from '../domain/proposalPosts.js';
import { FileProblemsError } from '../files/fileProblemsError.js';
import { rolesInWords } from '../web/auth/user.js';
import { CredentialsFileError } from './credentials.js';
import { type DecideRequest, decidePost, decisions } from './decidePost.js';
import { addDirectoryCommands } from './directoryCommands.js';
import { ApiRefusal, exitCode, NotSignedIn, ServiceUnreachable, UsageError } from './errors.js';
import { addEstablishmentCommands } from './establishmentCommands.js';
import { importProposal, summaryLines } from './importProposal.js';
import { listPosts } from './listPosts.js';
import { createCliLogger } from './log.js';
import { login, logout } from './login.js';
import { addPolicyCommands } from './policyCommands.js';
import type { ProposalOptions } from './proposalOptions.js';
import { readProposalFile } from './readProposalFile.js';
import { readSecret } from './readSecret.js';
import { type CliSession, openSession } from './session.js';
import { showPost } from './showPost.js';

export interface CliIo {
  /** Human output, one line at a time. */
  out(line: string): void;
  /** What went wrong, in words, one line at a time. */
  err(line: string): void;
}

export interface CliRuntime {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  /** The service as the signed-in person; the saved token sent to the HTTP API unless given (tests). */
  connect?: (env: NodeJS.ProcessEnv) => Promise<CliSession>;
  /** How `login` asks for the token; standard input unless given. */
  readSecret?: (prompt: string) => Promise<string>;
  /** The HTTP client of `login` and `logout`; the global fetch unless given. */
  fetch?: typeof fetch;
  log?: Logger;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected seconds, such as 120');
  return parsed;
}

interface ImportOptions extends ProposalOptions {
  timeout: number;
  dryRun?: boolean;
}

function buildProgram(
  runtime: CliRuntime,
  withSession: <T>(use: (session: CliSession) => Promise<T>) => Promise<T>,
) {
  const { io } = runtime;
  const program = new Command('council-posts')
    .description(
      'Import proposals of council posts, list and show posts, and decide on them: through the service’s API, as the person signed in with `login`.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    })
    .showHelpAfterError('(run with --help for usage)');
  let result: number = exitCode.ok;

  program
    .command('import')
    .description(
      'Import a proposal from a .json or .csv file, then follow it until all its posts have started.',
    )
    .addHelpText(
      'after',
      [
        '',
        'A .json file holds a proposal object; options given override its fields.',
        'A .csv file holds one post line per row under the header',
        '  service_area,job_title,grade,annual_cost,fte,job_description_ref,justification',
        'with annual_cost in pounds as the report writes it (44,581 or 44581.50); the proposal’s own',
        'fields come from the options. Rows are counted as in a spreadsheet: the header is row 1.',
        'Nothing is started unless the whole file and every option are valid.',
        'The proposal is made by you, the person signed in (`login`), who must be HR; an author',
        'named in a .json file is ignored.',
      ].join('\n'),
    )
    .argument('<file>', 'the proposal: .json or .csv')
    .option('--proposal-id <id>', 'the proposal id (its workflow id)')
    .option('--title <text>', 'the report’s title')
    .option('--service <text>', 'the service, e.g. Children’s Social Work Services')
    .option('--decision-maker <userId>', 'the director who decides')
    .option('--deputy <userId>', 'the deputy who takes escalations')
    .option('--allocation <pounds>', 'the funding allocation in pounds, e.g. 1,500,000')
    .option('--allocation-name <text>', 'where the funding comes from')
    .option('--open-for-call-in', 'the decision is open for call-in')
    .option('--not-open-for-call-in', 'the decision is not open for call-in')
    .option('--confidential', 'the report contains confidential or exempt information')
    .option('--report-date <yyyy-mm-dd>', 'the report’s date')
    .option('--timeout <seconds>', 'how long to wait for the posts to start', seconds, 120)
    .option('--dry-run', 'check the file and show the totals without starting anything')
    .action(async (file: string, options: ImportOptions) => {
      const proposal = await readProposalFile(file, options);
      if (options.dryRun) {
        io.out(`Checked ${file}: nothing started (dry run).`);
        for (const line of summaryLines(proposal, proposalTotals(proposal.lines))) io.out(line);
        return;
      }
      const imported = await withSession(({ service }) =>
        importProposal(service, proposal, {
          print: io.out,
          idempotencyKey: `import-${proposal.proposalId}-${randomUUID()}`,
          timeoutMillis: options.timeout * 1000,
        }),
      );
      if (!imported.complete) result = exitCode.failed;
    });

  program
    .command('posts')
    .description('List posts (id, stage, service area, grade), of one proposal or all.')
    .option('--proposal <id>', 'only the posts of this proposal')
    .action(async (options: { proposal?: string }) => {
      await withSession(({ service }) => listPosts(service, options.proposal, io.out));
    });

  program
    .command('show')
    .description('Show a post: its stage, what it is waiting for, and its decision timeline.')
    .argument('<postId>')
    .action(async (postId: string) => {
      await withSession(({ service }) => showPost(service, postId, io.out));
    });

  program
    .command('decide')
    .description('Approve, reject or send back a post, as the person signed in (a director or deputy).')
    .argument('<postId>')
    .addArgument(new Argument('<decision>').choices(decisions))
    .requiredOption('--reason <text>', 'why: every decision records its reason')
    .option('--idempotency-key <key>', 'repeat a request safely with the same key (default: a new UUID)')
    .action(
      async (
        postId: string,
        decision: DecideRequest['decision'],
        options: { reason: string; idempotencyKey?: string },
      ) => {
        const request: DecideRequest = {
          postId,
          decision,
          reason: options.reason,
          idempotencyKey: options.idempotencyKey ?? randomUUID(),
        };
        await withSession(({ service, signedIn }) => decidePost(service, signedIn, request, io.out));
      },
    );

  const signIn = {
    ...io,
    readSecret: runtime.readSecret ?? readSecret,
  };

  program
    .command('login')
    .description(
      'Sign in with a personal access token made on the service’s API tokens page (read from standard input, never an argument).',
    )
    .option('--url <address>', 'the service’s address', 'http://127.0.0.1:3000')
    .action(async (options: { url: string }) => {
      await login(options.url, runtime.env, signIn, runtime.fetch);
    });

  program
    .command('logout')
    .description('Revoke the saved token at the service and forget it.')
    .action(async () => {
      await logout(runtime.env, signIn, runtime.fetch);
    });

  program
    .command('whoami')
    .description('Show who the saved token signs in, as the service sees them now.')
    .action(async () => {
      await withSession(async ({ service, signedIn }) => {
        const me = await service.me();
        io.out(`${me.name} (${me.id}), ${rolesInWords(me)}, at ${signedIn.url}`);
      });
    });

  return { program, result: () => result };
}

/** Runs the CLI on arguments (without node and script); returns the exit code. */
export async function runCli(
  args: readonly string[],
  runtime: CliRuntime = { io: processIo, env: process.env },
): Promise<number> {
  const { io } = runtime;
  const log = runtime.log ?? createCliLogger();
  const connect = runtime.connect ?? ((env: NodeJS.ProcessEnv) => openSession(env, runtime.fetch));
  const withSession = async <T>(use: (session: CliSession) => Promise<T>): Promise<T> => {
    const session = await connect(runtime.env);
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  };
  const { program, result } = buildProgram(runtime, withSession);
  addDirectoryCommands(program, io, runtime.env);
  addEstablishmentCommands(program, io, withSession);
  addPolicyCommands(program, io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return result();
  } catch (error) {
    if (error instanceof CommanderError) {
      const shown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return shown ? exitCode.ok : exitCode.usage;
    }
    if (error instanceof FileProblemsError) {
      for (const problem of error.problems) io.err(`${error.file}: ${problem}`);
      io.err(error.outcome);
      return exitCode.usage;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`error: ${error.message}`);
      return exitCode.usage;
    }
    if (error instanceof ApiRefusal) {
      io.err(`refused (${error.reason}): ${error.message}`);
      return exitCode.failed;
    }
    if (
      error instanceof NotSignedIn ||
      error instanceof ServiceUnreachable ||
      error instanceof CredentialsFileError
    ) {
      io.err(`error: ${error.message}`);
      return exitCode.failed;
    }
    log.error({ err: error }, 'command failed');
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return exitCode.failed;
  }
}
