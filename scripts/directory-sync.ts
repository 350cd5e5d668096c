/**
 * Group commit for a directory's fsync: a caller whose renames are done waits for a
 * directory fsync that started after them. One already running may have started before, so
 * the caller joins the next one instead (started as soon as the running one ends, and shared
 * by everyone who arrives meanwhile). Concurrent deliveries share one fsync instead of
 * queueing one each; "250" still means both files and their names are on disk.
 */
export class DirectorySync {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;

  constructor(private readonly syncNow: () => Promise<void>) {}

  afterRenames(): Promise<void> {
    if (this.next) return this.next;
    if (!this.running) return this.start();
    this.next = this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<void> {
    const run = this.syncNow().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
