import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

export interface ChildServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Runs a benchmark subject in a process of its own (`node -r @swc-node/register <script> …args`) and
 * resolves with the URL it prints as `listening <url>`. One process per subject: no shared heap,
 * garbage collector, JIT state or event loop between the servers measured side by side.
 */
export async function startChildServer(script: string, args: string[]): Promise<ChildServer> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(script), ...args], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, GRAPHILE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) resolveUrl(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${script} ${args[0]} exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const stuck = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(stuck);
    },
  };
}
