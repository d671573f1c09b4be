import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { pgbouncerPassEnv } from './pgbouncer';

export const projectRoot = resolve(__dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  output(): string;
  /** Sends a signal and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** The child's memory after a full collection (started with `probeHeap`), in bytes. */
  heap(): Promise<NodeJS.MemoryUsage>;
}

export interface ServerProcessOptions extends Pick<SpawnOptions, 'uid' | 'gid'> {
  /** Another checkout of the project to run (bench/hostile measures an older one); default: this one. */
  cwd?: string;
  /** Run node with --expose-gc and an IPC channel, so that heap() can ask for the heap after a GC (src/heap-probe.ts). */
  probeHeap?: boolean;
}

/**
 * Runs `src/main.ts` as `npm start` would (through swc instead of tsc, to skip
 * the build) and resolves once it prints its URLs.
 */
export async function startServerProcess(env: Record<string, string>, { probeHeap = false, cwd = projectRoot, ...options }: ServerProcessOptions = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(probeHeap ? ['--expose-gc'] : []), '-r', '@swc-node/register', 'src/main.ts'], {
    cwd,
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', ...pgbouncerPassEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(probeHeap ? (['ipc'] as const) : [])],
    ...options,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const check = () => {
      const match = /Health\s+(http:\/\/[^/\s]+)\/healthz/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    });
  });

  return {
    child,
    url,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
    heap() {
      if (!child.send) return Promise.reject(new Error('started without probeHeap'));
      return new Promise((resolveHeap, reject) => {
        const timer = setTimeout(() => reject(new Error('no heap answer in 30 s')), 30_000);
        child.once('message', (message: { type?: string } & NodeJS.MemoryUsage) => {
          clearTimeout(timer);
          resolveHeap(message);
        });
        child.send!({ type: 'heap' });
      });
    },
  };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
