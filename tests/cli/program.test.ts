import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import type { CliPostService, CliSession } from '../../cli/session.js';
import type { PostCommand } from '../../schemas/postCommands.js';
import { CommandRefused } from '../../temporal/postService.js';
import type { PostView } from '../../workflows/postView.js';
import { exampleDirectory } from '../support/exampleDirectory.js';

interface Run {
  code: number;
  out: string[];
  err: string[];
  connected: boolean;
}

async function run(args: string[], service: Partial<CliPostService> = {}): Promise<Run> {
  const result: Run = { code: -1, out: [], err: [], connected: false };
  const session: CliSession = {
    service: { directory: exampleDirectory(), ...service } as CliPostService,
    close: async () => {},
  };
  result.code = await runCli(args, {
    io: { out: (line) => result.out.push(line), err: (line) => result.err.push(line) },
    env: {},
    connect: async () => {
      result.connected = true;
      return session;
    },
  });
  return result;
}

const approvedView = {
  postId: 'p.L1.P1',
  stage: 'consultation',
  waitingFor: 'consultation responses (union, executive member, equality)',
  decisions: [
    {
      action: 'decide: approve',
      actor: { id: 'director.julie', role: 'director' },
      authority: 'director',
      reason: 'ok',
      at: '2026-01-01T10:00:00.000Z',
    },
  ],
} as unknown as PostView;

describe('the CLI’s exit codes', () => {
  it('exits 2 without connecting when the decision is not approve, reject or send-back', async () => {
    const result = await run(['decide', 'p.L1.P1', 'maybe', '--as', 'director.julie', '--reason', 'x']);
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.err.join('\n')).toContain('Allowed choices are approve, reject, send-back');
  });

  it('exits 2 for a user the staff directory does not know', async () => {
    const result = await run(['decide', 'p.L1.P1', 'approve', '--as', 'mallory', '--reason', 'x']);
    expect(result).toMatchObject({ code: 2 });
    expect(result.err).toEqual([expect.stringContaining('no person with id mallory')]);
  });

  it('exits 2 when a decision has no reason', async () => {
    const result = await run(['decide', 'p.L1.P1', 'approve', '--as', 'director.julie', '--reason', '  ']);
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['error: reason: a reason is required']);
  });

  it('exits 2 and starts nothing when the file is invalid', async () => {
    const result = await run(['import', 'examples/seed-cost-table.csv', '--proposal-id', 'x']);
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.err).toContain('examples/seed-cost-table.csv: --title: required');
    expect(result.err.at(-1)).toBe('Nothing was imported.');
  });

  it('exits 0 after --help', async () => {
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('decide sends the command as the demo user and prints the new stage or the refusal', () => {
  it('sends the decision with the demo user’s role and the given idempotency key', async () => {
    const sent: [string, PostCommand, string | undefined][] = [];
    const result = await run(
      [
        'decide',
        'p.L1.P1',
        'approve',
        '--as',
        'director.julie',
        '--reason',
        'ok',
        '--idempotency-key',
        'k-1',
      ],
      {
        postCommand: async (postId, command, key) => {
          sent.push([postId, command, key]);
          return approvedView;
        },
      },
    );
    expect(sent).toEqual([
      [
        'p.L1.P1',
        {
          type: 'decide',
          actor: { id: 'director.julie', role: 'director' },
          decision: 'approve',
          reason: 'ok',
        },
        'k-1',
      ],
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}stage: +consultation$/));
  });

  it('makes a new idempotency key for each request unless one is given', async () => {
    const keys: (string | undefined)[] = [];
    const service = {
      postCommand: async (_postId: string, _command: PostCommand, key?: string) => {
        keys.push(key);
        return approvedView;
      },
    };
    const args = ['decide', 'p.L1.P1', 'reject', '--as', 'director.julie', '--reason', 'no'];
    await run(args, service);
    await run(args, service);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('exits 1 and prints the refusal when the workflow refuses', async () => {
    const result = await run(['decide', 'p.L1.P1', 'approve', '--as', 'hr.sam', '--reason', 'mine'], {
      postCommand: async () => {
        throw new CommandRefused('forbidden', 'the proposer of a post can never approve it');
      },
    });
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['refused (forbidden): the proposer of a post can never approve it']);
  });
});
