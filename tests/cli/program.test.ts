import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliService } from '../../cli/apiService.js';
import { ApiRefusal, NotSignedIn } from '../../cli/errors.js';
import { type CliRuntime, runCli } from '../../cli/program.js';
import type { CliSession } from '../../cli/session.js';
import type { PostView } from '../../contract/postView.js';

interface Run {
  code: number;
  out: string[];
  err: string[];
  connected: boolean;
}

async function run(
  args: string[],
  service: Partial<CliService> = {},
  runtime: Partial<CliRuntime> = {},
): Promise<Run> {
  const result: Run = { code: -1, out: [], err: [], connected: false };
  const session: CliSession = {
    service: service as CliService,
    signedIn: { userId: 'director.julie', name: 'Julie Longworth', url: 'http://127.0.0.1:3000' },
    close: async () => {},
  };
  result.code = await runCli(args, {
    io: { out: (line) => result.out.push(line), err: (line) => result.err.push(line) },
    env: {},
    connect: async () => {
      result.connected = true;
      return session;
    },
    ...runtime,
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
    const result = await run(['decide', 'p.L1.P1', 'maybe', '--reason', 'x']);
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.err.join('\n')).toContain('Allowed choices are approve, reject, send-back');
  });

  it('has no way to act as someone else: --as and --author are refused, nothing sent', async () => {
    const decide = await run(['decide', 'p.L1.P1', 'approve', '--as', 'director.julie', '--reason', 'x']);
    expect(decide).toMatchObject({ code: 2, connected: false });
    expect(decide.err.join('\n')).toContain("unknown option '--as'");
    const imported = await run(['import', 'examples/seed-proposal.json', '--author', 'hr.sam']);
    expect(imported).toMatchObject({ code: 2, connected: false });
    expect(imported.err.join('\n')).toContain("unknown option '--author'");
  });

  it('exits 2 when a decision has no reason', async () => {
    const result = await run(['decide', 'p.L1.P1', 'approve', '--reason', '  ']);
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['error: reason: a reason is required']);
  });

  it('exits 2 and starts nothing when the file is invalid', async () => {
    const result = await run(['import', 'examples/seed-cost-table.csv', '--proposal-id', 'x']);
    expect(result).toMatchObject({ code: 2, connected: false });
    expect(result.err).toContain('examples/seed-cost-table.csv: --title: required');
    expect(result.err.at(-1)).toBe('Nothing was imported.');
  });

  it('exits 2 when nobody has signed in, saying how to', async () => {
    const config = join(await mkdtemp(join(tmpdir(), 'cli-')), 'none.json');
    const result: Run = { code: -1, out: [], err: [], connected: false };
    result.code = await runCli(['posts'], {
      io: { out: (line) => result.out.push(line), err: (line) => result.err.push(line) },
      env: { COUNCIL_POSTS_CLI_CONFIG: config },
    });
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(/not signed in: .*npm run cli -- login --url/);
  });

  it('exits 1 when the service no longer accepts the saved token', async () => {
    const result = await run(['show', 'p.L1.P1'], {
      post: async () => {
        throw new NotSignedIn('the service did not accept your token');
      },
    });
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['error: the service did not accept your token']);
  });

  it('exits 0 after --help', async () => {
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('decide sends the decision as the signed-in person and prints the new stage or the refusal', () => {
  it('sends the decision and reason with the given idempotency key, and names who decided in which role', async () => {
    const sent: [string, unknown, string][] = [];
    const result = await run(['decide', 'p.L1.P1', 'approve', '--reason', 'ok', '--idempotency-key', 'k-1'], {
      decide: async (postId, body, key) => {
        sent.push([postId, body, key]);
        return approvedView;
      },
    });
    expect(sent).toEqual([['p.L1.P1', { decision: 'approve', reason: 'ok' }, 'k-1']]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe('Post p.L1.P1: approve by director.julie (director)');
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}stage: +consultation$/));
  });

  it('makes a new idempotency key for each request unless one is given', async () => {
    const keys: string[] = [];
    const service: Partial<CliService> = {
      decide: async (_postId, _body, key) => {
        keys.push(key);
        return approvedView;
      },
    };
    const args = ['decide', 'p.L1.P1', 'reject', '--reason', 'no'];
    await run(args, service);
    await run(args, service);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('exits 1 and prints the refusal when the service refuses', async () => {
    const result = await run(['decide', 'p.L1.P1', 'approve', '--reason', 'mine'], {
      decide: async () => {
        throw new ApiRefusal('forbidden', 'the proposer of a post can never approve it');
      },
    });
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['refused (forbidden): the proposer of a post can never approve it']);
  });
});

describe('login and logout', () => {
  const token = `cpat_${'A'.repeat(43)}`;
  const me = {
    id: 'hr.sam',
    name: 'Sam Okafor',
    roles: ['hr'],
    serviceAreas: ['*'],
    signedInWith: 'api-token',
  };

  /** A service that knows one token; records what it was asked. */
  function fakeService() {
    const calls: string[] = [];
    const fetchFn = (async (url: string | URL | Request, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      calls.push(`${init?.method ?? 'GET'} ${String(url)}`);
      if (headers.get('authorization') !== `Bearer ${token}`) {
        return new Response(JSON.stringify({ status: 401, detail: 'Sign in first' }), { status: 401 });
      }
      if (init?.method === 'DELETE') return new Response(null, { status: 204 });
      return new Response(JSON.stringify(me), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof fetch;
    return { calls, fetchFn };
  }

  async function cli(args: string[], env: NodeJS.ProcessEnv, fetchFn: typeof fetch, secret = token) {
    const result: Run = { code: -1, out: [], err: [], connected: false };
    result.code = await runCli(args, {
      io: { out: (line) => result.out.push(line), err: (line) => result.err.push(line) },
      env,
      fetch: fetchFn,
      readSecret: async () => secret,
    });
    return result;
  }

  it('checks the token with the service and saves it, with the address, readable by the user alone', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cli-')), 'config', 'cli.json');
    const { calls, fetchFn } = fakeService();
    const result = await cli(
      ['login', '--url', 'http://127.0.0.1:3999/'],
      { COUNCIL_POSTS_CLI_CONFIG: file },
      fetchFn,
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toBe('Signed in to http://127.0.0.1:3999 as Sam Okafor (hr.sam), hr.');
    expect(calls).toEqual(['GET http://127.0.0.1:3999/api/me']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      url: 'http://127.0.0.1:3999',
      token,
      userId: 'hr.sam',
      name: 'Sam Okafor',
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('saves nothing for a token the service refuses, or for something that is not a token', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cli-')), 'cli.json');
    const { fetchFn } = fakeService();
    const refused = await cli(
      ['login'],
      { COUNCIL_POSTS_CLI_CONFIG: file },
      fetchFn,
      `cpat_${'B'.repeat(43)}`,
    );
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/did not accept your token/);
    const notAToken = await cli(['login'], { COUNCIL_POSTS_CLI_CONFIG: file }, fetchFn, 'hunter2');
    expect(notAToken.code).toBe(2);
    expect(notAToken.err[0]).toMatch(/that is not an API token/);
    await expect(stat(file)).rejects.toThrow();
  });

  it('logs out by revoking the token at the service and removing the file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cli-')), 'cli.json');
    const { calls, fetchFn } = fakeService();
    await cli(['login'], { COUNCIL_POSTS_CLI_CONFIG: file }, fetchFn);
    const result = await cli(['logout'], { COUNCIL_POSTS_CLI_CONFIG: file }, fetchFn);
    expect(result.code).toBe(0);
    expect(calls.at(-1)).toBe('DELETE http://127.0.0.1:3000/api/me/token');
    expect(result.out).toEqual(['The token has been revoked.', `Signed out: ${file} removed.`]);
    await expect(stat(file)).rejects.toThrow();
  });
});
