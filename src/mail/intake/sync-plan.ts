/** Pure decisions of the IMAP intake loop: where to resume, how long to back off. */

export interface StoredCheckpoint {
  uidValidity: bigint;
  lastUid: number;
}

export interface SyncPlan {
  /** First UID to fetch. */
  fromUid: number;
  /** The server renumbered the folder: every message must be looked at again (Message-IDs keep it duplicate-free). */
  uidValidityChanged: boolean;
}

export function planSync(checkpoint: StoredCheckpoint | null, serverUidValidity: bigint): SyncPlan {
  if (!checkpoint) return { fromUid: 1, uidValidityChanged: false };
  if (checkpoint.uidValidity !== serverUidValidity) return { fromUid: 1, uidValidityChanged: true };
  return { fromUid: checkpoint.lastUid + 1, uidValidityChanged: false };
}

/**
 * UIDs to fetch, ascending. `n:*` in IMAP always matches the highest UID even when it
 * is below n, so the server's answer is filtered rather than trusted.
 */
export function uidsToFetch(serverUids: number[], fromUid: number): number[] {
  return serverUids.filter((uid) => uid >= fromUid).sort((a, b) => a - b);
}

/** Exponential backoff with full jitter (AWS architecture blog), bounded by [minMs, maxMs]. */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(minMs + random() * (ceiling - minMs));
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
