import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How far intake has committed in one IMAP folder. It moves only in the same
 * transaction that stores the messages, so after any crash the poller resumes at
 * the first UID whose ticket is not committed.
 */
@Entity({ name: 'mailbox_checkpoints' })
export class MailboxCheckpoint {
  @PrimaryColumn({ name: 'mailbox_address', type: 'text' })
  mailboxAddress!: string;

  @PrimaryColumn({ type: 'text' })
  folder!: string;

  /** bigint in PostgreSQL; TypeORM hands it over as a string to keep all 32 bits exact. */
  @Column({ name: 'uid_validity', type: 'bigint' })
  uidValidity!: string;

  @Column({ name: 'last_uid', type: 'bigint' })
  lastUid!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
