import { Body, Controller, Get, NotFoundException, Param, Patch, Post, Query } from '@nestjs/common';
import { AgentReplyBody } from './dto/agent-reply.body';
import { QueuedReply, TicketRepliesService } from './ticket-replies.service';
import { ChangeCategoryBody } from './dto/change-category.body';
import { SetEntityBody } from './dto/set-entity.body';
import { TicketHistory, TicketTriageService } from './ticket-triage.service';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { TicketsService, TicketSummary } from './tickets.service';
import { Ticket } from './entities/ticket.entity';

/** Read-only until the agent API issue adds accounts and roles. */
@Controller('api/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly triage: TicketTriageService,
    private readonly replies: TicketRepliesService,
  ) {}

  /** Queues an agent's reply to the official (sent by the outbound worker, not in this request). */
  @Post(':reference/replies')
  reply(@Param('reference') reference: string, @Body() body: AgentReplyBody): Promise<QueuedReply> {
    return this.replies.reply(reference.toUpperCase(), body);
  }

  @Get()
  list(@Query() query: ListTicketsQuery): Promise<TicketSummary[]> {
    return this.tickets.listRecent(query.limit);
  }

  @Get(':reference')
  async get(@Param('reference') reference: string): Promise<Ticket> {
    const ticket = await this.tickets.findByReference(reference.toUpperCase());
    if (!ticket) throw new NotFoundException(`No existe el ticket ${reference}`);
    return ticket;
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
