import { Controller, DefaultValuePipe, Get, NotFoundException, Param, ParseIntPipe, Query } from '@nestjs/common';
import { TicketsService, TicketSummary } from './tickets.service';
import { Ticket } from './entities/ticket.entity';

/** Read-only until the agent API issue adds accounts and roles. */
@Controller('api/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  list(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number): Promise<TicketSummary[]> {
    return this.tickets.listRecent(Math.min(Math.max(limit, 1), 500));
  }

  @Get(':reference')
  async get(@Param('reference') reference: string): Promise<Ticket> {
    const ticket = await this.tickets.findByReference(reference.toUpperCase());
    if (!ticket) throw new NotFoundException(`No existe el ticket ${reference}`);
    return ticket;
  }
}
