import { DirectorySync } from '../../scripts/directory-sync';

/** A directory fsync the test finishes by hand. */
function controllableSync() {
  const runs: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const sync = () => new Promise<void>((resolve, reject) => runs.push({ resolve, reject }));
  return { runs, sync };
}

const settled = async <T>(promise: Promise<T>): Promise<'pending' | 'done' | 'failed'> => {
  let state: 'pending' | 'done' | 'failed' = 'pending';
  promise.then(
    () => (state = 'done'),
    () => (state = 'failed'),
  );
  // Let every queued callback run.
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return state;
};

describe('DirectorySync (group commit of a directory fsync)', () => {
  it('starts at once when idle, and makes later callers wait for a sync that starts after them', async () => {
    const { runs, sync } = controllableSync();
    const dir = new DirectorySync(sync);
    const first = dir.afterRenames();
    expect(runs).toHaveLength(1);
    // Renamed while the first sync runs: that sync may have started before, so it does not count for them.
    const second = dir.afterRenames();
    const third = dir.afterRenames();
    expect(runs).toHaveLength(1);
    runs[0].resolve();
    expect(await settled(first)).toBe('done');
    expect(runs).toHaveLength(2);
    expect(await settled(second)).toBe('pending');
    expect(await settled(third)).toBe('pending');
    runs[1].resolve();
    expect(await settled(second)).toBe('done');
    expect(await settled(third)).toBe('done');
    expect(runs).toHaveLength(2);
  });

  it('gives a failed sync to its own waiters only, and the next caller a new one', async () => {
    const { runs, sync } = controllableSync();
    const dir = new DirectorySync(sync);
    const first = dir.afterRenames();
    const second = dir.afterRenames();
    runs[0].reject(new Error('EIO'));
    expect(await settled(first)).toBe('failed');
    expect(runs).toHaveLength(2);
    runs[1].resolve();
    expect(await settled(second)).toBe('done');
    const third = dir.afterRenames();
    expect(runs).toHaveLength(3);
    runs[2].resolve();
    expect(await settled(third)).toBe('done');
  });
});
