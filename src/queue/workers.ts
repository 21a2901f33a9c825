// The workers connected to a queue, as they register themselves (src/queue/remote-worker.ts).
import type { Redis } from 'ioredis';
import { WORKER_PATTERN, type WorkerInfo } from './contract';

export async function listWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', WORKER_PATTERN, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  const workers: WorkerInfo[] = [];
  for (const v of values) {
    try {
      if (v) workers.push(JSON.parse(v) as WorkerInfo);
    } catch {
      // a registration that is not ours: not a worker
    }
  }
  return workers.sort((a, b) => a.id.localeCompare(b.id));
}
