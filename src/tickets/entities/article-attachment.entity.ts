import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Article } from './article.entity';

@Entity({ name: 'article_attachments' })
export class ArticleAttachment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'article_id', type: 'bigint' })
  articleId!: string;

  @ManyToOne(() => Article, (article) => article.attachments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id' })
  article?: Article;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'text', nullable: true })
  filename!: string | null;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ name: 'content_id', type: 'text', nullable: true })
  contentId!: string | null;

  @Column({ type: 'boolean', default: false })
  inline!: boolean;
}
