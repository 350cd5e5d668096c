import type { Role } from './auth.types';

/** A live session and its account, as the guard needs them on every request. */
export interface LiveSession {
  id: string;
  csrfToken: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** A session as read from the database, with the database clock of that read. */
export interface CachedSession {
  session: LiveSession;
  /** last_seen_at, in ms on the database clock. */
  lastSeenAt: number;
  /** The database's now() when the row was read, in ms. */
  dbNow: number;
  /** The local clock when the row was read: with dbNow, the database clock later on. */
  readAt: number;
}

/** How long an entry is trusted at most. The invalidations make it exact; this only bounds a bug's damage. */
export const SESSION_CACHE_TTL_MS = 10_000;
/** More sessions than agents ever open at once; past it the oldest entries go. */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

/**
 * Session rows by id (the SHA-256 of the cookie token), dropped on the messages the
 * session_changes triggers send (`s:<session id>`, `u:<user id>`, `*`).
 *
 * A read that started before an invalidation must not be stored after it: it may have
 * seen the row as it was before the change. So every invalidation moves a generation
 * on, a read notes the generation when it starts (`begin`), and `put` stores only if
 * nothing was invalidated since. Invalidations are rare (logouts, account changes), so
 * one counter for everything costs a few extra reads at most.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private generation = 0;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = SESSION_CACHE_TTL_MS,
    private readonly maxEntries = SESSION_CACHE_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): CachedSession | null {
    const entry = this.entries.get(id);
    if (!entry) return null;
    const age = this.clock() - entry.readAt;
    if (age >= this.ttlMs || age < 0) {
      this.entries.delete(id);
      return null;
    }
    return entry;
  }

  /** The database clock now, as estimated from the entry's read. */
  dbNowOf(entry: CachedSession): number {
    return entry.dbNow + (this.clock() - entry.readAt);
  }

  /** Call before reading a session from the database; pass the result to `put`. */
  begin(): number {
    return this.generation;
  }

  /** Stores a session read since `begin` returned `since`, unless something was invalidated meanwhile. */
  put(entry: Omit<CachedSession, 'readAt'>, since: number, readAt: number = this.clock()): boolean {
    if (since !== this.generation) return false;
    const id = entry.session.id;
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) {
      // Map iteration follows insertion order: the first key is the oldest read.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(id, { ...entry, readAt });
    return true;
  }

  /** Records a touch of last_seen_at made by this process. */
  touched(id: string, lastSeenAt: number): void {
    const entry = this.entries.get(id);
    if (entry) entry.lastSeenAt = lastSeenAt;
  }

  /** Applies one session_changes message; unknown messages drop everything, to be safe. */
  invalidate(message: string): void {
    this.generation++;
    if (message.startsWith('s:')) {
      this.entries.delete(message.slice(2));
    } else if (message.startsWith('u:')) {
      const userId = message.slice(2);
      for (const [id, entry] of this.entries) if (entry.session.userId === userId) this.entries.delete(id);
    } else {
      this.entries.clear();
    }
  }

  clear(): void {
    this.invalidate('*');
  }
}
