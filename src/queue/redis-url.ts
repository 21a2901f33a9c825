// A queue URL (redis://[user:pass@]host:port[/db], rediss:// for TLS): parsed once, shown only
// with its password masked, and checked by connecting before anything is queued.
import type { ConnectionOptions } from 'bullmq';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { problemInWords, type QueueProblem } from './words';

/** A malformed queue URL or a Redis that cannot be reached: the message in English, the facts for other languages. */
export class QueueUrlError extends Error {
  constructor(readonly problem: QueueProblem) {
    super(problemInWords(problem));
  }
}

export interface QueueUrl {
  /** The URL as it may be shown: the password replaced by ***. */
  shown: string;
  options: RedisOptions;
}

/** What anyone may see of `url`: its password masked (also for a URL that does not parse). */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** Parses a queue URL; a malformed one throws QueueUrlError naming it (password masked) and the expected form. */
export function parseQueueUrl(url: string): QueueUrl {
  const shown = maskUrl(url);
  const bad = (why: Extract<QueueProblem, { kind: 'malformed' }>['why']) => new QueueUrlError({ kind: 'malformed', shown, why });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw bad('not-url');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad({ scheme: u.protocol.replace(/:$/, '') });
  if (!u.hostname) throw bad('no-host');
  const port = u.port ? Number(u.port) : 6379;
  const path = u.pathname.replace(/^\//, '');
  if (path && !/^\d{1,2}$/.test(path)) throw bad({ database: path });
  if (u.search || u.hash) throw bad('query');
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: path ? Number(path) : 0,
    // BullMQ's blocking reads need commands that wait for a reconnect instead of failing
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 2000),
  };
  if (u.username) options.username = decodeURIComponent(u.username);
  if (u.password) options.password = decodeURIComponent(u.password);
  // SNI names a host, never an address (RFC 6066); the certificate is still checked against the IP
  if (u.protocol === 'rediss:') options.tls = isIP(options.host!) ? {} : { servername: options.host };
  return { shown, options };
}

/** The same options as BullMQ takes them (its own declaration of ioredis's options). */
export const bullConnection = (q: QueueUrl) => q.options as ConnectionOptions;

/** Connects once, without retrying, and pings: an unreachable server or a refused password is
 * an error naming the URL (masked) and the cause. */
export async function checkConnection(q: QueueUrl, timeoutMs = 5000): Promise<void> {
  const client = new Redis({ ...q.options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: timeoutMs });
  // the cause (a refused password) comes as an error event; connect() then says only "closed"
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e));
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const message = (cause ?? (e as Error)).message ?? String(e);
    if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) {
      throw new QueueUrlError({ kind: 'credentials', shown: q.shown, cause: message });
    }
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? '';
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
      throw new QueueUrlError({ kind: 'untrusted', shown: q.shown, cause: message });
    }
    throw new QueueUrlError({ kind: 'unreachable', shown: q.shown, cause: message });
  } finally {
    client.disconnect();
  }
}
