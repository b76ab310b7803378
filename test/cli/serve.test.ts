// The serve CLI as a supervisor sees it: it stops within its deadline whatever clients hold open, exits
// non-zero when it cannot start (with --workers and NODE_ENV=production too), and with --workers a worker
// that dies is replaced while the others serve, a few times at most.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { runCli, type CliResult } from '../helpers.ts';

interface Running {
  child: ChildProcess;
  /** The port, once the server (all its workers) says it listens. */
  port: Promise<number>;
  done: Promise<CliResult>;
}

function serve(args: string[], env?: NodeJS.ProcessEnv): Running {
  let child: ChildProcess | undefined;
  let onPort: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (onPort = resolve));
  const done = runCli('serve', ['--port', '0', ...args], {
    env,
    onStart: (c) => {
      child = c;
      let seen = '';
      c.stdout?.on('data', (d) => {
        seen += d;
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
        if (match) onPort(Number(match[1]));
      });
    },
  });
  return { child: child as unknown as ChildProcess, port, done };
}

/** The processes whose parent is `pid` (Linux /proc): a primary's workers. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the parenthesised name: state, then the parent's id.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // Gone while listing.
    }
  }
  return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the result, or kills the process and fails if it has not exited within `ms`. */
async function exitsWithin(running: Running, ms: number): Promise<CliResult> {
  const timer = setTimeout(() => running.child.kill('SIGKILL'), ms);
  const r = await running.done;
  clearTimeout(timer);
  assert.notEqual(r.signal, 'SIGKILL', `still running ${ms} ms after the stop signal: ${r.stderr}`);
  return r;
}

function connected(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe('serve CLI: stopping', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} with a silent connection, half-sent headers and a kept-alive one open: exit 0 within 10 s`, async () => {
      const running = serve([]);
      const port = await running.port;
      const sockets = await Promise.all([0, 1, 2].map(() => connected(port)));
      sockets[1]?.write('GET / HTTP/1.1\r\nHost: x\r\n');
      sockets[2]?.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => sockets[2]?.once('data', resolve));
      const start = Date.now();
      running.child.kill(signal);
      const r = await exitsWithin(running, 12_000);
      sockets.forEach((s) => s.destroy());
      assert.equal(r.code, 0, r.stderr);
      assert.ok(Date.now() - start < 10_000, `exited after ${Date.now() - start} ms`);
    });
  }
  it('--workers 2: SIGTERM with a silent connection open stops every worker, exit 0 within 10 s', async () => {
    const running = serve(['--workers', '2']);
    const port = await running.port;
    const workers = childrenOf(running.child.pid as number);
    assert.equal(workers.length, 2);
    const silent = await Promise.all([0, 1, 2, 3].map(() => connected(port)));
    const start = Date.now();
    running.child.kill('SIGTERM');
    const r = await exitsWithin(running, 12_000);
    silent.forEach((s) => s.destroy());
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - start < 10_000, `exited after ${Date.now() - start} ms`);
    assert.deepEqual(workers.filter((pid) => readdirSync('/proc').includes(String(pid))), []);
  });
});

describe('serve CLI: failing loudly', () => {
  it('--workers 2 with a bad model: exit 1, one line per worker and why the primary stopped, never "listening"', async () => {
    const r = await runCli('serve', ['--port', '0', '--workers', '2', '--model', 'models/does-not-exist']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot read .*does-not-exist/m);
    assert.match(r.stderr, /^error: worker \d+ could not start \(exit 1\); stopping$/m);
    assert.doesNotMatch(r.stdout, /listening/);
  });
  it('NODE_ENV=production (workers by default) with a bad model: exit 1', async () => {
    const r = await runCli('serve', ['--port', '0', '--model', 'models/does-not-exist'], { env: { NODE_ENV: 'production', WORKERS: undefined } });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^error: cannot read .*does-not-exist/m);
  });
  it('--workers 2: a worker killed at runtime is replaced and the other serves meanwhile; SIGTERM then exits 0', async () => {
    const running = serve(['--workers', '2']);
    const port = await running.port;
    const primary = running.child.pid as number;
    const [victim, survivor] = childrenOf(primary);
    process.kill(victim as number, 'SIGKILL');
    await sleep(200);
    assert.deepEqual(childrenOf(primary).filter((pid) => pid === survivor), [survivor]);
    for (let i = 0; i < 5; i++) assert.equal((await (await fetch(`http://127.0.0.1:${port}/api/predict?q=forty%20two`)).json()).reference, 42);
    // The replacement loads its model and listens: two workers again, neither of them the killed one.
    let workers: number[] = [];
    for (let i = 0; i < 100 && workers.length < 2; i++) {
      await sleep(100);
      workers = childrenOf(primary);
    }
    assert.equal(workers.length, 2);
    assert.ok(!workers.includes(victim as number));
    running.child.kill('SIGTERM');
    const r = await exitsWithin(running, 12_000);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: worker ${victim} stopped \\(SIGKILL\\); starting another \\(restart 1 of at most 5 within 60 s\\)$`, 'm'));
  });
  it('--workers 2: workers that keep dying stop the server after 5 restarts, exit 1', async () => {
    const running = serve(['--workers', '2']);
    await running.port;
    const primary = running.child.pid as number;
    let exited = false;
    void running.done.then(() => (exited = true));
    for (let i = 0; i < 200 && !exited; i++) {
      for (const pid of childrenOf(primary)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // It exited between the listing and the kill (ESRCH): already what this loop wants.
        }
      }
      await sleep(50);
    }
    const r = await exitsWithin(running, 12_000);
    assert.equal(r.code, 1, r.stderr);
    assert.equal((r.stderr.match(/starting another/g) ?? []).length, 5);
    assert.match(r.stderr, /^error: worker \d+ stopped \(SIGKILL\), after 5 restarts within 60 s; stopping$/m);
  });
});

describe('serve CLI', () => {
  it('an empty PORT is an error, not a random port', async () => {
    const r = await runCli('serve', [], { env: { PORT: '' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: --port \(or PORT\) must be a whole number 0–65535, got ""$/m);
  });
  for (const workers of [[], ['--workers', '2']]) {
    it(`a port in use is a one-line error, exit 1, and "listening" is never said${workers.length ? ' (--workers 2)' : ''}`, async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const r = await runCli('serve', ['--port', String((taken.address() as AddressInfo).port), ...workers]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /^error: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/m);
        assert.doesNotMatch(r.stdout, /listening/);
      } finally {
        taken.close();
      }
    });
  }
  it('--workers 2 serves from two processes and stops them all on SIGTERM', async () => {
    let port = 0;
    let answered: unknown;
    const r = await runCli('serve', ['--port', '0', '--workers', '2'], {
      onStart: (child) => {
        let seen = '';
        child.stdout?.on('data', async (d) => {
          seen += d;
          const match = /2 workers listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
          if (!match || port) return;
          port = Number(match[1]);
          answered = await (await fetch(`http://127.0.0.1:${port}/api/predict?q=one`)).json();
          child.kill('SIGTERM');
        });
      },
    });
    assert.ok(port > 0, r.stdout + r.stderr);
    assert.equal((answered as { reference: number }).reference, 1);
    assert.equal(r.code, 0, r.stderr);
  });
});
