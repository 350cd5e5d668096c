import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Attachment content stored once per sha256, however many articles carry it. */
@Entity({ name: 'attachment_blobs' })
export class AttachmentBlob {
  @PrimaryColumn({ type: 'text' })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'bytea' })
  content!: Buffer;
}
