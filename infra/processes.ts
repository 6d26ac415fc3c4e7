import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Background processes of the local stack, tracked by pid files so `down` works from any shell. */
export class LocalProcesses {
  constructor(
    private readonly runDir: string,
    private readonly logDir: string,
  ) {}

  private pidFile(name: string): string {
    return join(this.runDir, `${name}.pid`);
  }

  logFile(name: string): string {
    return join(this.logDir, `${name}.log`);
  }

  /** The pid of a running process started by us, or undefined (a stale pid file is removed). */
  pid(name: string): number | undefined {
    const file = this.pidFile(name);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return pid;
    rmSync(file, { force: true });
    return undefined;
  }

  /**
   * Starts a command detached from this process, its output appended to logs/<name>.log; `options`
   * adds environment variables or runs it as another user (PostgreSQL refuses to run as root).
   */
  start(
    name: string,
    command: string,
    args: string[],
    cwd: string,
    options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
  ): number {
    mkdirSync(this.runDir, { recursive: true });
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(this.logFile(name), 'a');
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', log, log],
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
    child.unref();
    writeFileSync(this.pidFile(name), `${child.pid}\n`);
    return child.pid;
  }

  /**
   * Stops a process cleanly (SIGTERM, or the signal given: PostgreSQL's fast shutdown is SIGINT),
   * killing it only if it has not exited within the grace time.
   */
  async stop(
    name: string,
    graceMillis: number,
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<'stopped' | 'killed' | 'not running'> {
    const pid = this.pid(name);
    if (pid === undefined) return 'not running';
    process.kill(pid, signal);
    const deadline = Date.now() + graceMillis;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) {
        rmSync(this.pidFile(name), { force: true });
        return 'stopped';
      }
      await sleep(200);
    }
    process.kill(pid, 'SIGKILL');
    rmSync(this.pidFile(name), { force: true });
    return 'killed';
  }

  /** Kills a process at once (SIGKILL), as a crash would; the failover tests do this. */
  kill(name: string): number | undefined {
    const pid = this.pid(name);
    if (pid === undefined) return undefined;
    process.kill(pid, 'SIGKILL');
    rmSync(this.pidFile(name), { force: true });
    return pid;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on host:port. */
export function portAnswers(host: string, port: number, timeoutMillis = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMillis, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls a check until it passes or the time is up; returns whether it passed. */
export async function waitFor(check: () => Promise<boolean>, timeoutMillis: number, everyMillis = 500) {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(everyMillis);
  }
  return false;
}
