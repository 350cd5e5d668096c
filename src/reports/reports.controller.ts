import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ReportTicketsQuery } from './dto/report-tickets.query';
import { ReportQuery } from './dto/report.query';
import { ReportsService, ReportTicketsPage } from './reports.service';
import { DrillFilter, REPORT_NAMES, ReportName, ReportResult } from './report.types';

/** Supervisors' reports and the tickets behind each figure. Read-only. */
@ApiTags('reports')
@Roles('supervisor', 'admin')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  // Declared before `:name`, which would otherwise take "tickets" as a report's name.
  @Get('tickets')
  @ApiOperation({ summary: 'Tickets detrás de una cifra de un informe (su filtro `drill`), paginados por cursor' })
  @ApiOkResponse({ description: 'Una página de tickets y el cursor de la siguiente' })
  tickets(@Query() query: ReportTicketsQuery): Promise<ReportTicketsPage> {
    const { cursor, limit, agent, ...rest } = query;
    const drill: DrillFilter = { ...rest, agentId: agent };
    return this.reports.ticketsBehind(drill, cursor, limit);
  }

  @Get(':name')
  @ApiOperation({ summary: 'Un informe: cumplimiento, tiempos, volumen, pendientes, enrutamiento o cambio de buzón' })
  @ApiParam({ name: 'name', enum: REPORT_NAMES })
  @ApiOkResponse({ description: 'Cifras de cabecera y tablas; cada conteo lleva el filtro de sus tickets' })
  report(@Param('name') name: string, @Query() query: ReportQuery): Promise<ReportResult> {
    const { agent, ...rest } = query;
    return this.reports.report(name as ReportName, { ...rest, agentId: agent });
  }
}
