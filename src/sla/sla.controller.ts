import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { SessionActor } from '../auth/auth.types';
import { ChangeStatusBody, IncompleteRequestBody, LegalExtensionBody, LegalKindBody } from './dto/sla-bodies';
import { SlaService, SlaView } from './sla.service';

/** Ticket actions that move the SLA clocks; thin: validation in DTOs, rules in SlaService and computeSla. */
@ApiTags('tickets')
@Controller('api/tickets/:reference')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  @Get('sla')
  @ApiOperation({ summary: 'Relojes de ANS del ticket, con la historia de la que salen' })
  view(@Param('reference') reference: string): Promise<SlaView> {
    return this.sla.view(reference.toUpperCase());
  }

  /** Returns the clocks after the change, with the ticket's new version. */
  @Patch('status')
  @ApiOperation({ summary: 'Cambia el estado (con `version`); esperando respuesta de la entidad pausa los relojes' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  async changeStatus(@Param('reference') reference: string, @Body() body: ChangeStatusBody, @CurrentActor() actor: SessionActor): Promise<SlaView> {
    await this.sla.changeStatus(reference.toUpperCase(), body.status, actor, body.version);
    return this.sla.view(reference.toUpperCase());
  }

  @Post('incomplete')
  @ApiOperation({ summary: 'Marca la petición incompleta (Ley 1755, art. 17): pausa también el término legal' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  @HttpCode(200)
  async incomplete(@Param('reference') reference: string, @Body() body: IncompleteRequestBody, @CurrentActor() actor: SessionActor): Promise<SlaView> {
    await this.sla.markIncomplete(reference.toUpperCase(), actor, body.reason, body.version);
    return this.sla.view(reference.toUpperCase());
  }

  /** Extending a legal term (Ley 1755 art. 14, parágrafo) is a decision the desk's supervisors answer for, and it mails the official. */
  @Post('legal-extension')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: 'Prorroga el término legal con motivo (hasta el doble del término); solo supervisores' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  @HttpCode(200)
  extend(@Param('reference') reference: string, @Body() body: LegalExtensionBody, @CurrentActor() actor: SessionActor): Promise<SlaView> {
    return this.sla.extendLegalTerm(reference.toUpperCase(), body.days, body.reason, actor, body.version);
  }

  @Patch('legal-kind')
  @ApiOperation({ summary: 'Fija el tipo legal: petición, documentos o consulta' })
  @ApiConflictResponse({ description: 'TICKET_VERSION_CONFLICT (details.currentVersion) o TICKET_MERGED (details.mergedInto)' })
  legalKind(@Param('reference') reference: string, @Body() body: LegalKindBody, @CurrentActor() actor: SessionActor): Promise<SlaView> {
    return this.sla.setLegalKind(reference.toUpperCase(), body.legalKind, actor, body.version);
  }
}
