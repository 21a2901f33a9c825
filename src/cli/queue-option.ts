// --queue URL on run and resume: the executor that sends trials to remote workers, or the
// threads of this machine without it. A malformed URL is bad usage (exit 2).
import type { ExecutorFactory } from '../core/session/executor';
import { queueExecutor } from '../queue/executor';
import { parseQueueUrl, QueueUrlError, type QueueUrl } from '../queue/redis-url';
import { threadExecutor } from '../worker/pool';
import { UsageError } from './subcommands';

export function queueUrlArg(url: string): QueueUrl {
  try {
    return parseQueueUrl(url);
  } catch (e) {
    throw e instanceof QueueUrlError ? new UsageError(e.message) : e;
  }
}

export function executorFor(queue: string | undefined): ExecutorFactory {
  return queue === undefined ? threadExecutor : queueExecutor(queueUrlArg(queue));
}
