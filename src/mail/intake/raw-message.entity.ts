import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every fetched e-mail, byte for byte, as the server gave it. Kept for audit and
 * re-parsing; unique on (mailbox, folder, UIDVALIDITY, UID) so a refetch is a no-op.
 */
@Entity({ name: 'raw_messages' })
export class RawMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'mailbox_address', type: 'text' })
  mailboxAddress!: string;

  @Column({ type: 'text' })
  folder!: string;

  @Column({ name: 'uid_validity', type: 'bigint' })
  uidValidity!: string;

  @Column({ type: 'bigint' })
  uid!: string;

  @Column({ name: 'internal_date', type: 'timestamptz', nullable: true })
  internalDate!: Date | null;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;

  @Column({ name: 'article_id', type: 'bigint', nullable: true })
  articleId!: string | null;

  /** The after-intake IMAP action (\Seen or move) still has to be applied. */
  @Column({ name: 'post_action_pending', type: 'boolean', default: false })
  postActionPending!: boolean;

  @CreateDateColumn({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;
}
