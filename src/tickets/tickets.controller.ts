import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/auth.decorators';
import type { SessionActor } from '../auth/auth.types';
import { AddNoteBody } from './dto/add-note.body';
import { AgentReplyBody } from './dto/agent-reply.body';
import { AssignTicketBody, TakeTicketBody } from './dto/assign-ticket.body';
import { ChangeCategoryBody } from './dto/change-category.body';
import { MergeTicketBody } from './dto/merge-ticket.body';
import { SetEntityBody } from './dto/set-entity.body';
import { SetTagsBody } from './dto/set-tags.body';
import { AssignmentResult, NoteView, TagsResult, TicketActionsService } from './ticket-actions.service';
import { MergeResult, TicketMergeService } from './ticket-merge.service';
import { QueuedReply, TicketRepliesService } from './ticket-replies.service';
import { TicketHistory, TicketTriageService } from './ticket-triage.service';

/**
 * Agent actions on a ticket; reading is in TicketViewsController. The actor is the
 * session's; versioned actions answer 409 TICKET_VERSION_CONFLICT when the ticket
 * changed since the client read it, and 409 TICKET_MERGED on a merged ticket.
 */
@ApiTags('tickets')
@Controller('api/tickets')
export class TicketsController {
  constructor(
    private readonly triage: TicketTriageService,
    private readonly replies: TicketRepliesService,
    private readonly actions: TicketActionsService,
    private readonly merges: TicketMergeService,
  ) {}

  /** Queues an agent's reply to the official (sent by the outbound worker, not in this request). */
  @Post(':reference/replies')
  @ApiOperation({ summary: 'Responde al funcionario (se encola; `version` opcional, adjuntos en base64)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  reply(@Param('reference') reference: string, @Body() body: AgentReplyBody, @CurrentActor() actor: SessionActor): Promise<QueuedReply> {
    return this.replies.reply(reference.toUpperCase(), body, actor);
  }

  @Get(':reference/history')
  @ApiOperation({ summary: 'Historial de recategorizaciones y eventos del ticket' })
  history(@Param('reference') reference: string): Promise<TicketHistory> {
    return this.triage.history(reference.toUpperCase());
  }

  /** An agent corrects the category; the change and the rule that had matched are kept. */
  @Patch(':reference/category')
  @ApiOperation({ summary: 'Cambia la categoría (queda registrada para el informe de enrutamiento)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  changeCategory(@Param('reference') reference: string, @Body() body: ChangeCategoryBody, @CurrentActor() actor: SessionActor) {
    return this.triage.changeCategory(reference.toUpperCase(), body, actor);
  }

  /** An agent sets (or clears, with code null) the territorial entity. */
  @Patch(':reference/entity')
  @ApiOperation({ summary: 'Fija o quita la entidad territorial (código DIVIPOLA)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  setEntity(@Param('reference') reference: string, @Body() body: SetEntityBody, @CurrentActor() actor: SessionActor) {
    return this.triage.setEntity(reference.toUpperCase(), body, actor);
  }

  @Post(':reference/take')
  @ApiOperation({ summary: 'Toma el ticket para la cuenta de la sesión (un ticket nuevo pasa a abierto)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  @HttpCode(200)
  take(@Param('reference') reference: string, @Body() body: TakeTicketBody, @CurrentActor() actor: SessionActor): Promise<AssignmentResult> {
    return this.actions.take(reference.toUpperCase(), body, actor);
  }

  @Post(':reference/assign')
  @ApiOperation({ summary: 'Asigna el ticket a una cuenta habilitada, o lo deja sin asignar (null)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  @HttpCode(200)
  assign(@Param('reference') reference: string, @Body() body: AssignTicketBody, @CurrentActor() actor: SessionActor): Promise<AssignmentResult> {
    return this.actions.assign(reference.toUpperCase(), body, actor);
  }

  /** An internal note: shown in the conversation, never mailed. */
  @Post(':reference/notes')
  @ApiOperation({ summary: 'Agrega una nota interna (no se envía por correo; no cambia la versión)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  addNote(@Param('reference') reference: string, @Body() body: AddNoteBody, @CurrentActor() actor: SessionActor): Promise<NoteView> {
    return this.actions.addNote(reference.toUpperCase(), body, actor);
  }

  @Put(':reference/tags')
  @ApiOperation({ summary: 'Reemplaza las etiquetas (minúsculas, sin espacios sobrantes; hasta 20 de 40 caracteres)' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  setTags(@Param('reference') reference: string, @Body() body: SetTagsBody, @CurrentActor() actor: SessionActor): Promise<TagsResult> {
    return this.actions.setTags(reference.toUpperCase(), body, actor);
  }

  /** Merges this ticket into `into`, which keeps the conversation. */
  @Post(':reference/merge')
  @ApiOperation({ summary: 'Fusiona este ticket en `into`, que conserva la conversación' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  @HttpCode(200)
  merge(@Param('reference') reference: string, @Body() body: MergeTicketBody, @CurrentActor() actor: SessionActor): Promise<MergeResult> {
    return this.merges.merge(reference.toUpperCase(), body, actor);
  }
}
