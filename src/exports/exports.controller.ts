import { createReadStream } from 'fs';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import type { SessionActor } from '../auth/auth.types';
import { contentDisposition } from '../tickets/content-disposition';
import { CreateExportBody } from './dto/create-export.body';
import { ExportView } from './dto/export.view';
import { ExportsService } from './exports.service';

/** CSV and XLSX of reports and ticket lists, built in the background (BullMQ) and kept for a while. */
@ApiTags('exports')
@Roles('supervisor', 'admin')
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Pide una exportación (CSV o XLSX) de un informe o de una lista de tickets; se genera en segundo plano' })
  @ApiAcceptedResponse({ type: ExportView })
  create(@CurrentActor() actor: SessionActor, @Body() body: CreateExportBody): Promise<ExportView> {
    return this.exports.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Las exportaciones recientes de quien consulta' })
  @ApiOkResponse({ type: [ExportView] })
  list(@CurrentActor() actor: SessionActor): Promise<ExportView[]> {
    return this.exports.recent(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Estado y avance de una exportación' })
  @ApiOkResponse({ type: ExportView })
  get(@CurrentActor() actor: SessionActor, @Param('id') id: string): Promise<ExportView> {
    return this.exports.get(actor, id);
  }

  /** Always a download: nosniff, and no caching of a file that expires. */
  @Get(':id/file')
  @ApiOperation({ summary: 'Descarga el archivo de una exportación terminada (404 cuando venció)' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async file(@CurrentActor() actor: SessionActor, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const file = await this.exports.file(actor, id);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(createReadStream(file.path), { type: file.contentType, length: file.sizeBytes, disposition: contentDisposition(file.fileName) });
  }
}
