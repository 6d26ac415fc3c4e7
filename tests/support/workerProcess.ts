import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from '../../infra/paths.js';

export interface WorkerProcess {
  pid: number;
  /** The last 20,000 characters it wrote (its log lines). */
  output(): string;
  /** kill -9: no drain, no goodbye, as when a machine dies. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The product's worker process (workers/main.ts) as production runs it, in a process of its own so a
 * test can kill it outright. Ready once it logs "worker started".
 */
export function startWorkerProcess(env: NodeJS.ProcessEnv, timeoutMillis = 60_000): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: repoRoot,
    // Any free port for its health endpoints: several worker processes may run side by side.
    env: { WORKER_HTTP_PORT: '0', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker not ready: ${output.slice(-2000)}`)),
      timeoutMillis,
    );
    child.once('exit', (code) =>
      reject(new Error(`worker exited (${code}) before it was ready: ${output.slice(-2000)}`)),
    );
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('"worker started"')) {
        clearTimeout(timer);
        resolve({
          pid: child.pid as number,
          output: () => output,
          crash: () => end('SIGKILL'),
          stop: () => end('SIGTERM'),
        });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
  });
}
