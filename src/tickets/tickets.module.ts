import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { SlaModule } from '../sla/sla.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Article } from './entities/article.entity';
import { Ticket } from './entities/ticket.entity';
import { IncomingMessageRecorder } from './incoming-message-recorder';
import { TicketRepliesService } from './ticket-replies.service';
import { TicketTriageService } from './ticket-triage.service';
import { TicketsController } from './tickets.controller';
import { TicketViewsController } from './ticket-views.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [TypeOrmModule.forFeature([Ticket, Article]), SlaModule, OutboundModule],
  providers: [TicketsService, IncomingMessageRecorder, TicketTriageService, TicketRepliesService],
  controllers: [TicketViewsController, TicketsController],
  exports: [TicketsService, IncomingMessageRecorder],
})
export class TicketsModule {}
