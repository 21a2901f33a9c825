// A real redis-server for one test file: on a free 127.0.0.1 port, its data in a temp folder
// (append-only, so a restart keeps what was queued), stopped when the test ends or the process exits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tempDir } from './temp';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedis = () => existsSync(REDIS_SERVER) || spawnSync('redis-server', ['--version']).status === 0;

const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((p) => p.kill('SIGKILL')));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export class RedisServer {
  private proc: ChildProcess | undefined;
  readonly dir = tempDir('hpl-redis-');

  private constructor(
    readonly port: number,
    private readonly password?: string,
  ) {}

  /** Starts a server; `password` turns on requirepass. */
  static async start(password?: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), password);
    await server.restart();
    return server;
  }

  /** redis://[:password@]127.0.0.1:port */
  url(password = this.password): string {
    return `redis://${password ? `:${password}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Starts it again (after stop), with the data it had. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', ''];
    if (this.password) args.push('--requirepass', this.password);
    const proc = spawn(existsSync(REDIS_SERVER) ? REDIS_SERVER : 'redis-server', args, { stdio: 'ignore' });
    this.proc = proc;
    running.add(proc);
    proc.once('exit', () => running.delete(proc));
    for (let i = 0; i < 200 && !(await accepting(this.port)); i++) await new Promise((r) => setTimeout(r, 25));
  }

  /** Stops it (SIGTERM: the append-only file is flushed) and waits until it has exited. */
  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }
}
