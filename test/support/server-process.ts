import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** The project root: the nearest folder with a package.json (this file also runs compiled, from dist/). */
function projectRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : projectRoot(dirname(from));
}

export const MAIN = join(projectRoot(__dirname), 'dist', 'src', 'main.js');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The server's recent JSON log lines, for diagnosing a failed test. */
  logs: string[];
  startupMs: number;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the compiled server (`npm test` builds it first) and waits until it serves /graphql. */
export function startServerProcess(env: Record<string, string>, timeoutMs = 60_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const started = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const echo = process.env.TETRAD_TEST_LOGS === '1';
  const remember = (line: string) => {
    if (echo) process.stderr.write(`[server] ${line}\n`);
    logs.push(line);
    if (logs.length > 200) logs.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${logs.join('\n')}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${logs.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      remember(line);
      if (!line.includes('tetrad is serving /graphql')) return;
      clearTimeout(timer);
      const { url } = JSON.parse(line) as { url: string };
      resolveStart({
        url: url.replace('[::1]', '127.0.0.1'),
        child,
        logs,
        startupMs: Date.now() - started,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited.catch(() => child.exitCode);
        },
      });
    });
  });
}
