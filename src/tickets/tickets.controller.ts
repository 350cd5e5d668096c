import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { AgentReplyBody } from './dto/agent-reply.body';
import { QueuedReply, TicketRepliesService } from './ticket-replies.service';
import { ChangeCategoryBody } from './dto/change-category.body';
import { SetEntityBody } from './dto/set-entity.body';
import { TicketHistory, TicketTriageService } from './ticket-triage.service';

/** Agent actions on a ticket; reading is in TicketViewsController. */
@Controller('api/tickets')
export class TicketsController {
  constructor(
    private readonly triage: TicketTriageService,
    private readonly replies: TicketRepliesService,
  ) {}

  /** Queues an agent's reply to the official (sent by the outbound worker, not in this request). */
  @Post(':reference/replies')
  reply(@Param('reference') reference: string, @Body() body: AgentReplyBody): Promise<QueuedReply> {
    return this.replies.reply(reference.toUpperCase(), body);
  }

  @Get(':reference/history')
  history(@Param('reference') reference: string): Promise<TicketHistory> {
    return this.triage.history(reference.toUpperCase());
  }

  /** An agent corrects the category; the change and the rule that had matched are kept. */
  @Patch(':reference/category')
  changeCategory(@Param('reference') reference: string, @Body() body: ChangeCategoryBody) {
    return this.triage.changeCategory(reference.toUpperCase(), body);
  }

  /** An agent sets (or clears, with code null) the territorial entity. */
  @Patch(':reference/entity')
  setEntity(@Param('reference') reference: string, @Body() body: SetEntityBody) {
    return this.triage.setEntity(reference.toUpperCase(), body);
  }
}
