import { Injectable } from '@nestjs/common';
import type { ReplyTemplateView } from './admin.views';
import { loadReplyTemplates, replyTemplatesDir } from './reply-templates';

/** The canned replies, read and checked once when the app starts: a broken file stops the boot, not a reply. */
@Injectable()
export class ReplyTemplatesService {
  private readonly templates: readonly Readonly<ReplyTemplateView>[] = Object.freeze(loadReplyTemplates(replyTemplatesDir()).map((t) => Object.freeze(t)));

  list(): readonly Readonly<ReplyTemplateView>[] {
    return this.templates;
  }
}
