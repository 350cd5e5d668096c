import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ChangeStatusBody, IncompleteRequestBody, LegalExtensionBody, LegalKindBody } from './dto/sla-bodies';
import { SlaService, SlaView } from './sla.service';

/** Ticket actions that move the SLA clocks; thin: validation in DTOs, rules in SlaService and computeSla. */
@Controller('api/tickets/:reference')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  @Get('sla')
  view(@Param('reference') reference: string): Promise<SlaView> {
    return this.sla.view(reference.toUpperCase());
  }

  @Patch('status')
  async changeStatus(@Param('reference') reference: string, @Body() body: ChangeStatusBody): Promise<SlaView> {
    await this.sla.changeStatus(reference.toUpperCase(), body.status, body.changedBy);
    return this.sla.view(reference.toUpperCase());
  }

  @Post('incomplete')
  @HttpCode(200)
  async incomplete(@Param('reference') reference: string, @Body() body: IncompleteRequestBody): Promise<SlaView> {
    await this.sla.markIncomplete(reference.toUpperCase(), body.changedBy, body.reason);
    return this.sla.view(reference.toUpperCase());
  }

  @Post('legal-extension')
  @HttpCode(200)
  extend(@Param('reference') reference: string, @Body() body: LegalExtensionBody): Promise<SlaView> {
    return this.sla.extendLegalTerm(reference.toUpperCase(), body.days, body.reason, body.changedBy);
  }

  @Patch('legal-kind')
  legalKind(@Param('reference') reference: string, @Body() body: LegalKindBody): Promise<SlaView> {
    return this.sla.setLegalKind(reference.toUpperCase(), body.legalKind, body.changedBy);
  }
}
