// `npm start`'s server in a child process, for the benchmarks and the hostile-request probe: its Node flags,
// the loop-delay probe preloaded (bench/loop-delay.ts), a free port, and what it says on stderr kept.

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SERVER_NODE_FLAGS } from '../src/server/node-flags.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface Server {
  url: string;
  child: ChildProcess;
  /** Its processes (the primary and each worker), as the loop-delay probe names them. */
  pids: Set<number>;
  /** Lines the probe printed since last asked. */
  reports: string[];
  /** Every line it wrote on stderr (echoed there too). */
  errors: string[];
}

/** Starts the server with `args` after `--port 0`; resolves once it says where it listens. */
export function startServer(args: string[]): Promise<Server> {
  return new Promise((resolve, reject) => {
    const probe = path.join(ROOT, 'bench', 'loop-delay.ts');
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', '--import', probe, path.join(ROOT, 'src', 'cli', 'serve.ts'), '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const server: Server = { url: '', child, pids: new Set(), reports: [], errors: [] };
    const lines = (stream: NodeJS.ReadableStream | null, each: (line: string) => void) => {
      let seen = '';
      stream?.on('data', (d) => {
        seen += d;
        const all = seen.split('\n');
        seen = all.pop() as string;
        for (const line of all) each(line);
      });
    };
    lines(child.stderr, (line) => {
      server.errors.push(line);
      process.stderr.write(`${line}\n`);
    });
    lines(child.stdout, (line) => {
      const probed = /^loop-delay probe (\d+)$/.exec(line);
      if (probed) server.pids.add(Number(probed[1]));
      else if (line.startsWith('loop-delay ')) server.reports.push(line);
      const match = /listening on (http:\/\/\S+?)\/?$/.exec(line);
      if (match) resolve({ ...server, url: match[1] as string });
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
}

/** SIGTERM, then resolves with its exit code once it has exited. */
export function stopServer(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}
