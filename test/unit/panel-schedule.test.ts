import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedrawScheduler, type Clock } from '../../webview/schedule';

/** A clock whose time moves only when the test says so. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const frames: (() => void)[] = [];
  const clock: Clock = {
    now: () => now,
    after: (ms, run) => void timers.push({ at: now + ms, run }),
    frame: (run) => void frames.push(run),
  };
  const advance = async (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.run();
    for (const f of frames.splice(0)) f();
    await new Promise((r) => setImmediate(r));
  };
  return { clock, advance };
}

test('redraw scheduler: many requests make one redraw, then at most one per interval', async () => {
  const { clock, advance } = manualClock();
  let redraws = 0;
  const scheduler = new RedrawScheduler(async () => void redraws++, clock, 100);
  for (let i = 0; i < 5; i++) scheduler.request();
  await advance(0);
  assert.equal(redraws, 1);
  scheduler.request();
  scheduler.request();
  await advance(50);
  assert.equal(redraws, 1, 'not before the interval has passed');
  await advance(50);
  assert.equal(redraws, 2);
  await advance(500);
  assert.equal(redraws, 2, 'nothing requested, nothing drawn');
});

test('redraw scheduler: a request during a redraw waits for it; whenIdle resolves after the last', async () => {
  const { clock, advance } = manualClock();
  let release: () => void = () => {};
  const log: string[] = [];
  const scheduler = new RedrawScheduler(
    () => new Promise<void>((resolve) => { log.push('start'); release = () => { log.push('end'); resolve(); }; }),
    clock,
    100,
  );
  scheduler.request();
  await advance(0);
  scheduler.request();
  await advance(200);
  assert.deepEqual(log, ['start'], 'no second redraw while the first runs');
  let idle = false;
  void scheduler.whenIdle().then(() => (idle = true));
  release();
  await advance(0);
  await advance(100);
  assert.deepEqual(log, ['start', 'end', 'start']);
  assert.equal(idle, false);
  release();
  await advance(0);
  assert.equal(idle, true);
});
