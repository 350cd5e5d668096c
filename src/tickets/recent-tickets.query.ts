import { Repository } from 'typeorm';
import { Ticket } from './entities/ticket.entity';

export type TicketWithArticleCount = Ticket & { articleCount: number };

/** Newest tickets first, each with its number of articles. Shared by the API and `mesa tickets list`. */
export async function findRecentTickets(tickets: Repository<Ticket>, limit: number): Promise<TicketWithArticleCount[]> {
  const rows = await tickets
    .createQueryBuilder('ticket')
    .loadRelationCountAndMap('ticket.articleCount', 'ticket.articles')
    .orderBy('ticket.receivedAt', 'DESC')
    .addOrderBy('ticket.id', 'DESC')
    .limit(limit)
    .getMany();
  return rows as TicketWithArticleCount[];
}
