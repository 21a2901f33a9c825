// A real redis-server for one test file: on a free 127.0.0.1 port, its data in a temp folder
// (append-only, so a restart keeps what was queued), stopped when the test ends or the process exits.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** A server certificate (PEM files) and the CA that signed it. */
export interface TlsFiles {
  cert: string;
  key: string;
  ca: string;
}

/** A throwaway CA and a certificate for 127.0.0.1 signed by it, made with openssl in `dir`; undefined
 * (a test skips) where openssl is missing. */
export function makeTlsFiles(dir: string): TlsFiles | undefined {
  const ssl = (...args: string[]) => spawnSync('openssl', args, { cwd: dir, stdio: 'ignore' }).status === 0;
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) return undefined;
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const ok =
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=hparam-lab test CA') &&
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1') &&
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
  if (!ok) throw new Error(`openssl could not make a test certificate in ${dir}`);
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}

export class RedisServer {
  private proc: ChildProcess | undefined;
  readonly dir = tempDir('hpl-redis-');

  private constructor(
    readonly port: number,
    private readonly password?: string,
    private readonly tls?: TlsFiles,
  ) {}

  /** Starts a server; `password` turns on requirepass. */
  static async start(password?: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), password);
    await server.restart();
    return server;
  }

  /** Starts a server that speaks TLS only (no plain port), with this certificate. */
  static async startTls(tls: TlsFiles, password?: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), password, tls);
    await server.restart();
    return server;
  }

  /** redis[s]://[:password@]127.0.0.1:port */
  url(password = this.password): string {
    return `${this.tls ? 'rediss' : 'redis'}://${password ? `:${password}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Starts it again (after stop), with the data it had. */
  async restart(): Promise<void> {
    const ports = this.tls
      ? ['--port', '0', '--tls-port', String(this.port), '--tls-cert-file', this.tls.cert, '--tls-key-file', this.tls.key, '--tls-ca-cert-file', this.tls.ca, '--tls-auth-clients', 'no']
      : ['--port', String(this.port)];
    const args = [...ports, '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', ''];
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
