// Waiting on conditions, never on fixed sleeps: poll until the check holds or the time is up, and
// say what was awaited when it fails. A check throws GiveUp when waiting longer cannot help.
export class GiveUp extends Error {}

export async function waitFor<T>(what: string, check: () => Promise<T | false | undefined | null> | T | false | undefined | null, timeoutMs = 30_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
