import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Article } from './article.entity';

/** Which mailboxes a message reached (one row per mailbox), and the raw copy fetched there. */
@Entity({ name: 'article_receipts' })
export class ArticleReceipt {
  @PrimaryColumn({ name: 'article_id', type: 'bigint' })
  articleId!: string;

  @PrimaryColumn({ name: 'mailbox_address', type: 'text' })
  mailboxAddress!: string;

  @ManyToOne(() => Article, (article) => article.receipts, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Article;

  @Column({ name: 'raw_message_id', type: 'bigint', nullable: true })
  rawMessageId!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
