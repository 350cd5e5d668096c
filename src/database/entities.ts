import { MailboxCheckpoint } from '../mail/intake/mailbox-checkpoint.entity';
import { RawMessage } from '../mail/intake/raw-message.entity';
import { Article } from '../tickets/entities/article.entity';
import { ArticleAttachment } from '../tickets/entities/article-attachment.entity';
import { ArticleReceipt } from '../tickets/entities/article-receipt.entity';
import { AttachmentBlob } from '../tickets/entities/attachment-blob.entity';
import { Ticket } from '../tickets/entities/ticket.entity';
import { User } from '../users/user.entity';

export const entities = [MailboxCheckpoint, RawMessage, Ticket, Article, ArticleReceipt, AttachmentBlob, ArticleAttachment, User];
