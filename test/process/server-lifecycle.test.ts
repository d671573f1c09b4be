import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, projectRoot, startServerProcess } from '../helpers/server-process';

const env = { JWT_SECRET: 'lifecycle-secret-lifecycle-secret-0123456789', MAX_EVENT_LOOP_DELAY_MS: '60000' };

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function expectReadyWithReferenceData(url: string): Promise<void> {
  const ready = await fetch(`${url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
}

async function waitUntilGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && isProcessAlive(pid); i++) await sleep(100);
  return !isProcessAlive(pid);
}

describe('npm start on an embedded PostgreSQL', () => {
  it('starts on an empty data dir, restarts, and survives a SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lifecycle-'));

    const first = await startServerProcess({ ...env, DATA_DIR: dataDir });
    await expectReadyWithReferenceData(first.url);
    expect(first.output()).toMatch(/generated the reference data set \(scale 1\): \d+ rows/);
    const firstPostmaster = postmasterPid(dataDir);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await waitUntilGone(firstPostmaster)).toBe(true);

    const second = await startServerProcess({ ...env, DATA_DIR: dataDir });
    await expectReadyWithReferenceData(second.url);
    expect(second.output()).not.toMatch(/generated the reference data set/);

    // A second server on the same DATA_DIR must not take the running one's PostgreSQL away.
    const intruder = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, PORT: '0', ...env, DATA_DIR: dataDir },
    });
    let intruderOutput = '';
    intruder.stderr.on('data', (chunk) => (intruderOutput += chunk));
    const [intruderCode] = await once(intruder, 'exit');
    expect(intruderCode).toBe(1);
    expect(intruderOutput).toMatch(/is in use by a running server/);
    await expectReadyWithReferenceData(second.url);
    const orphan = postmasterPid(dataDir);
    expect(await second.stop('SIGKILL')).toBe('SIGKILL');
    expect(isProcessAlive(orphan)).toBe(true); // the stale postmaster the next start must deal with

    const third = await startServerProcess({ ...env, DATA_DIR: dataDir });
    await expectReadyWithReferenceData(third.url);
    expect(third.output()).toMatch(/stopping a stale postmaster/);
    const thirdPostmaster = postmasterPid(dataDir);
    expect(await third.stop('SIGINT')).toBe(0);
    expect(await waitUntilGone(thirdPostmaster)).toBe(true);
    expect(await waitUntilGone(orphan)).toBe(true);
  });

  const root = userInfo().uid === 0;
  const projectReadableByOthers = (() => {
    try {
      execFileSync('runuser', ['-u', 'nobody', '--', 'test', '-r', join(projectRoot, 'package.json')]);
      return true;
    } catch {
      return false;
    }
  })();

  it.runIf(root && projectReadableByOthers)('runs as an ordinary user too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lifecycle-user-'));
    const nobody = { uid: Number(execFileSync('id', ['-u', 'nobody']).toString()), gid: Number(execFileSync('id', ['-g', 'nobody']).toString()) };
    chownSync(dataDir, nobody.uid, nobody.gid);
    const server = await startServerProcess({ ...env, DATA_DIR: dataDir, HOME: dataDir }, nobody);
    await expectReadyWithReferenceData(server.url);
    const postmaster = postmasterPid(dataDir);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(await waitUntilGone(postmaster)).toBe(true);
  });

  it('refuses a bad configuration value, naming the variable', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...env, PORT: 'eighty' },
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output).toContain('Invalid configuration: PORT: must be an integer, got "eighty"');
  });
});

/** The machine's own PostgreSQL 15, started by the test, reached through DATABASE_URL. */
const systemBin = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((dir) => existsSync(join(dir, 'pg_ctl')));

describe.runIf(systemBin && userInfo().uid === 0)('npm start with DATABASE_URL', () => {
  it('uses the given PostgreSQL instead of the embedded one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'system-pg-'));
    const pgData = join(dir, 'data');
    const nobody = { uid: Number(execFileSync('id', ['-u', 'nobody']).toString()), gid: Number(execFileSync('id', ['-g', 'nobody']).toString()) };
    chownSync(dir, nobody.uid, nobody.gid);
    const asNobody = { uid: nobody.uid, gid: nobody.gid, env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } };
    execFileSync(join(systemBin!, 'initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], asNobody);
    const port = 20000 + Math.floor(Math.random() * 20000);
    execFileSync(join(systemBin!, 'pg_ctl'), ['-D', pgData, '-o', `-p ${port} -k '' -c listen_addresses=127.0.0.1`, '-l', join(dir, 'log'), '-w', 'start'], asNobody);
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'lifecycle-url-'));
      const server = await startServerProcess({ ...env, DATA_DIR: dataDir, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await expectReadyWithReferenceData(server.url);
      expect(server.output()).not.toMatch(/embedded PostgreSQL/);
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);
      expect(await server.stop('SIGTERM')).toBe(0);
    } finally {
      execFileSync(join(systemBin!, 'pg_ctl'), ['-D', pgData, '-m', 'fast', '-w', 'stop'], asNobody);
    }
  });
});
