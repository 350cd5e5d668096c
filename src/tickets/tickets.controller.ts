import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { TicketsService, TicketSummary } from './tickets.service';
import { Ticket } from './entities/ticket.entity';

/** Read-only until the agent API issue adds accounts and roles. */
@Controller('api/tickets')
export class TicketsController {
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
