import { CallCoalescer } from './call-coalescer';

/** A batch function that doubles each input and remembers the batches it was given. */
function recordingDoubler() {
  const batches: number[][] = [];
  const coalescer = new CallCoalescer<number, number>(3, async (inputs) => {
    batches.push([...inputs]);
    return inputs.map((n) => n * 2);
  });
  return { batches, coalescer };
}

describe('CallCoalescer', () => {
  it.each([
    // calls made in one turn → how they are grouped (max 3 per batch)
    [[1], [[1]]],
    [[1, 2], [[1, 2]]],
    [[1, 2, 3], [[1, 2, 3]]],
    [[1, 2, 3, 4], [[1, 2, 3], [4]]],
    [[1, 2, 3, 4, 5, 6, 7], [[1, 2, 3], [4, 5, 6], [7]]],
  ])('groups %j into %j and answers each caller with its own result', async (inputs, expected) => {
    const { batches, coalescer } = recordingDoubler();
    const answers = await Promise.all(inputs.map((n) => coalescer.call(n)));
    expect(answers).toEqual(inputs.map((n) => n * 2));
    expect(batches).toEqual(expected);
  });

  it('starts a new batch for calls made after the previous one was flushed', async () => {
    const { batches, coalescer } = recordingDoubler();
    expect(await coalescer.call(1)).toBe(2);
    expect(await Promise.all([coalescer.call(2), coalescer.call(3)])).toEqual([4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('gives every caller of a failed batch the error, and later batches still run', async () => {
    let fail = true;
    const coalescer = new CallCoalescer<string, string>(10, async (inputs) => {
      if (fail) throw new Error('base de datos caída');
      return inputs.map((s) => s.toUpperCase());
    });
    const failed = await Promise.allSettled([coalescer.call('a'), coalescer.call('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await coalescer.call('c')).toBe('C');
  });

  it('rejects a batch whose answers do not match its calls one to one', async () => {
    const coalescer = new CallCoalescer<number, number>(10, async () => [1]);
    await expect(Promise.all([coalescer.call(1), coalescer.call(2)])).rejects.toThrow('2 llamadas');
  });
});
