import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../test-support/harness';
import { COUNT_INTERVAL_MS, HostFeed, PROGRESS_INTERVAL_MS, type RoomNews } from './host-feed';
import { RoomClock } from './room-clock';

/** A feed on a manual clock, stepped a beat at a time (and flushed, awaited), recording what each beat asked for. */
function feed() {
  const scheduler = new ManualScheduler();
  const clock = new RoomClock(scheduler);
  const beats: (RoomNews & { roomId: string; at: number })[] = [];
  const f = new HostFeed(
    async (roomId, news) => void beats.push({ roomId, at: scheduler.now() - start, ...news }),
    () => undefined,
  );
  f.start(clock);
  const start = scheduler.now();
  const step = async (ms: number) => {
    scheduler.advance(ms);
    await f.flush();
  };
  return { f, beats, step };
}

describe('the host feed', () => {
  it('sends the host every roster change on the next beat, but the phones\' head count at most once a second', async () => {
    const { f, beats, step } = feed();
    f.markRoster('r1');
    await step(PROGRESS_INTERVAL_MS);
    f.markRoster('r1');
    await step(PROGRESS_INTERVAL_MS);
    f.markRoster('r1');
    await step(PROGRESS_INTERVAL_MS);
    await step(PROGRESS_INTERVAL_MS);
    await step(PROGRESS_INTERVAL_MS); // a second after the first count: the last change's count is due
    await step(PROGRESS_INTERVAL_MS); // nothing new
    expect(beats).toEqual([
      { roomId: 'r1', at: 250, roster: true, count: true },
      { roomId: 'r1', at: 500, roster: true, count: false },
      { roomId: 'r1', at: 750, roster: true, count: false },
      { roomId: 'r1', at: 1250, roster: false, count: true },
    ]);
    expect(COUNT_INTERVAL_MS).toBe(1000);
  });

  it('keeps rooms apart and sends progress on every beat it is marked', async () => {
    const { f, beats, step } = feed();
    f.markRoster('a');
    f.markProgress('b');
    await step(PROGRESS_INTERVAL_MS);
    f.markProgress('b');
    await step(PROGRESS_INTERVAL_MS);
    expect(beats).toEqual([
      { roomId: 'b', at: 250, roster: false, count: false },
      { roomId: 'a', at: 250, roster: true, count: true },
      { roomId: 'b', at: 500, roster: false, count: false },
    ]);
  });
});
