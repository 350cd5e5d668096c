import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { SlaModule } from '../sla/sla.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Article } from './entities/article.entity';
import { Ticket } from './entities/ticket.entity';
import { IncomingMessageRecorder } from './incoming-message-recorder';
import { TicketActionsService } from './ticket-actions.service';
import { TicketMergeService } from './ticket-merge.service';
import { TicketRepliesService } from './ticket-replies.service';
import { TicketTriageService } from './ticket-triage.service';
import { TicketsController } from './tickets.controller';
import { TicketViewsController } from './ticket-views.controller';
import { TicketsService } from './tickets.service';
import { TicketChangesListener } from './live/ticket-changes.listener';
import { TicketDetailService } from './ticket-detail.service';
import { TicketListService } from './ticket-list.service';

@Module({
  imports: [TypeOrmModule.forFeature([Ticket, Article]), SlaModule, OutboundModule],
  providers: [TicketsService, IncomingMessageRecorder, TicketTriageService, TicketRepliesService, TicketActionsService, TicketMergeService, TicketListService, TicketDetailService, TicketChangesListener],
  controllers: [TicketViewsController, TicketsController],
  exports: [TicketsService, IncomingMessageRecorder],
})
export class TicketsModule {}
