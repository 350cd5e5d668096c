import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReplyTemplateView } from './admin.views';
import { ReplyTemplatesService } from './reply-templates.service';

/** Canned replies for any signed-in role: agents insert one and edit it before sending. */
@ApiTags('reply-templates')
@Controller('api/reply-templates')
export class ReplyTemplatesController {
  constructor(private readonly templates: ReplyTemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'Respuestas predefinidas para insertar al responder (texto plano)' })
  list(): readonly Readonly<ReplyTemplateView>[] {
    return this.templates.list();
  }
}
