import type { EntityManager } from 'typeorm';
import type { StoredMailboxIntake } from './admin-mailbox-view';

const DAY_MS = 86_400_000;

/**
 * What intake stored per mailbox, in two aggregate queries: the checkpoint of each
 * mailbox's configured folder, and its raw-mail counts. Read-only; one entry per
 * mailbox given, in the same order.
 */
export async function readStoredMailboxIntake(
  manager: EntityManager,
  mailboxes: ReadonlyArray<{ address: string; folder: string }>,
  now: Date,
): Promise<StoredMailboxIntake[]> {
  const addresses = mailboxes.map((m) => m.address);
  const checkpoints: Array<{ mailbox_address: string; folder: string; uid_validity: string; last_uid: string; updated_at: Date }> = await manager.query(
    `SELECT mailbox_address, folder, uid_validity::text AS uid_validity, last_uid::text AS last_uid, updated_at
     FROM mailbox_checkpoints WHERE mailbox_address = ANY($1::text[])`,
    [addresses],
  );
  const counts: Array<{ mailbox_address: string; total: number; last_day: number; last_fetched_at: Date | null }> = await manager.query(
    `SELECT mailbox_address, count(*)::int AS total,
            (count(*) FILTER (WHERE fetched_at > $2))::int AS last_day,
            max(fetched_at) AS last_fetched_at
     FROM raw_messages WHERE mailbox_address = ANY($1::text[])
     GROUP BY mailbox_address`,
    [addresses, new Date(now.getTime() - DAY_MS)],
  );
  return mailboxes.map(({ address, folder }) => {
    const checkpoint = checkpoints.find((c) => c.mailbox_address === address && c.folder === folder);
    const count = counts.find((c) => c.mailbox_address === address);
    return {
      // UIDVALIDITY and UIDs are unsigned 32-bit: exact as JavaScript numbers.
      checkpoint: checkpoint ? { uidValidity: Number(checkpoint.uid_validity), lastUid: Number(checkpoint.last_uid), updatedAt: new Date(checkpoint.updated_at) } : null,
      total: count?.total ?? 0,
      last24Hours: count?.last_day ?? 0,
      lastFetchedAt: count?.last_fetched_at ? new Date(count.last_fetched_at) : null,
    };
  });
}
