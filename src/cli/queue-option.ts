// --queue URL on run and resume: the executor that sends trials to remote workers, or the
// threads of this machine without it. A malformed URL is bad usage (exit 2). What the queue says
// to the user comes in the user's language (src/queue/words.ts through t).
import type { ExecutorFactory } from '../core/session/executor';
import { queueExecutor } from '../queue/executor';
import { parseQueueUrl, QueueUrlError, type QueueUrl } from '../queue/redis-url';
import { problemInWords } from '../queue/words';
import { t } from './l10n';
import { threadExecutor } from '../worker/pool';
import { UsageError } from './subcommands';

export function queueUrlArg(url: string): QueueUrl {
  try {
    return parseQueueUrl(url);
  } catch (e) {
    throw e instanceof QueueUrlError ? new UsageError(problemInWords(e.problem, t)) : e;
  }
}

export function executorFor(queue: string | undefined): ExecutorFactory {
  return queue === undefined ? threadExecutor : queueExecutor(queueUrlArg(queue), undefined, t);
}

/** An error as the CLI prints it: Redis that cannot be reached in the user's language, any other as it is. */
export const queueErrorText = (e: unknown): string | undefined => (e instanceof QueueUrlError ? problemInWords(e.problem, t) : undefined);
