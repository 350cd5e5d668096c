import { Controller, Get, MessageEvent, Param, Query, Res, Sse, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import { CurrentActor } from '../auth/auth.decorators';
import { contentDisposition } from './content-disposition';
import type { SessionActor } from '../auth/auth.types';
import { ListTicketsQuery, TicketStreamQuery } from './dto/list-tickets.query';
import { TicketChangesListener } from './live/ticket-changes.listener';
import { TicketDetail, TicketDetailService } from './ticket-detail.service';
import { TicketListService } from './ticket-list.service';
import type { TicketCounts } from './ticket-list.views';

/** What agents read: ticket lists, counts, a ticket's detail, its files, live changes. Actions live in TicketsController. */
@ApiTags('tickets')
@Controller('api/tickets')
export class TicketViewsController {
  constructor(
    private readonly lists: TicketListService,
    private readonly details: TicketDetailService,
    private readonly live: TicketChangesListener,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Lista de tickets con filtros, orden y paginación por cursor' })
  async list(@Query() query: ListTicketsQuery, @CurrentActor() actor: SessionActor, @Res({ passthrough: true }) response: Response): Promise<string> {
    // A TicketListPage already written as JSON by the database: sent as it is, not parsed and written again.
    const page = await this.lists.listJson(query, actor.userId);
    response.type('json');
    return page;
  }

  @Get('counts')
  @ApiOperation({ summary: 'Conteos de tickets abiertos por cola y estado, para la barra lateral' })
  counts(@CurrentActor() actor: SessionActor): Promise<TicketCounts> {
    return this.lists.counts(actor.userId);
  }

  /** Server-sent events: `ready` on (re)connection (refetch then), `ticket` per change, a comment every 25 s. */
  @Sse('stream')
  @ApiOperation({ summary: 'Cambios de tickets en vivo (server-sent events), por cola' })
  @ApiProduces('text/event-stream')
  stream(@Query() query: TicketStreamQuery): Observable<MessageEvent> {
    return this.live.events(query.queue?.toLowerCase());
  }

  @Get(':reference')
  @ApiOperation({ summary: 'Detalle de un ticket: conversación, adjuntos, ANS, enrutamiento y auditoría' })
  @ApiOkResponse({ description: 'El ticket' })
  get(@Param('reference') reference: string): Promise<TicketDetail> {
    return this.details.detail(reference.toUpperCase());
  }

  /** Always a download, never rendered by the browser: a mail's HTML or SVG attachment must not run in our origin. */
  @Get(':reference/attachments/:attachmentId')
  @ApiOperation({ summary: 'Descarga un adjunto del ticket' })
  async attachment(
    @Param('reference') reference: string,
    @Param('attachmentId') attachmentId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.details.attachment(reference.toUpperCase(), attachmentId);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    return new StreamableFile(file.content, {
      type: file.contentType,
      length: file.content.length,
      disposition: contentDisposition(file.filename ?? `adjunto-${attachmentId}`),
    });
  }
}
