import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { Ticket } from './entities/ticket.entity';
import { TicketsService, TicketSummary } from './tickets.service';

/** What agents read: ticket lists and a ticket's detail. Actions live in TicketsController. */
@Controller('api/tickets')
export class TicketViewsController {
  constructor(private readonly tickets: TicketsService) {}

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
}
