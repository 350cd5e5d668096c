import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { AdminCalendarService } from './admin-calendar.service';
import { AdminController } from './admin.controller';
import { AdminMailboxesService } from './admin-mailboxes.service';
import { ReplyTemplatesController } from './reply-templates.controller';
import { ReplyTemplatesService } from './reply-templates.service';
import { RoutingAccuracyService } from './routing-accuracy.service';

/** Read-only admin pages and the reply templates. MailModule: the live state of this process's pollers. */
@Module({
  imports: [MailModule],
  providers: [AdminMailboxesService, AdminCalendarService, RoutingAccuracyService, ReplyTemplatesService],
  controllers: [AdminController, ReplyTemplatesController],
})
export class AdminModule {}
