/**
 * Gathers calls made close together (in the same turn of the event loop, or until
 * `maxBatch` are waiting) into one call of `runBatch`, and gives each caller its own
 * answer. Used where each call would otherwise be its own database statement and
 * commit: the outbound worker's claims and "sent" records, one per pooled connection.
 *
 * `runBatch` answers the inputs in order (same length). If it throws, every caller of
 * that batch gets the error.
 */
export class CallCoalescer<In, Out> {
  private waiting: Array<{ input: In; resolve: (output: Out) => void; reject: (error: unknown) => void }> = [];
  private flushScheduled = false;

  constructor(
    private readonly maxBatch: number,
    private readonly runBatch: (inputs: In[]) => Promise<Out[]>,
  ) {}

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.waiting.length >= this.maxBatch) void this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    // Never more than maxBatch: call() flushes, synchronously, as soon as that many wait.
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    try {
      const outputs = await this.runBatch(batch.map((entry) => entry.input));
      if (outputs.length !== batch.length) throw new Error(`el lote devolvió ${outputs.length} respuestas para ${batch.length} llamadas`);
      batch.forEach((entry, i) => entry.resolve(outputs[i]));
    } catch (error: unknown) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
