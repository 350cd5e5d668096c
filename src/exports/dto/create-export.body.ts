import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional } from 'class-validator';
import { REPORT_NAMES, ReportName } from '../../reports/report.types';
import type { ExportFormat, ExportKind } from '../export-naming';

export class CreateExportBody {
  @ApiProperty({ enum: ['report', 'tickets'], description: 'report: un informe (sus tablas, filtros y cifras); tickets: la lista de tickets de un filtro o de una cifra.' })
  @IsIn(['report', 'tickets'], { message: 'kind debe ser report o tickets' })
  kind!: ExportKind;

  @ApiPropertyOptional({ enum: REPORT_NAMES, description: 'El informe, con kind=report.' })
  @IsOptional()
  @IsIn(REPORT_NAMES as unknown as string[], { message: `report debe ser uno de: ${REPORT_NAMES.join(', ')}` })
  report?: ReportName;

  @ApiPropertyOptional({
    type: Object,
    description:
      'Con kind=report: los filtros del informe (from, to, mailbox, category, agentId, department, entity, groupBy). ' +
      'Con kind=tickets: los filtros de la lista de tickets (queue, category, status, assignee, sla, entity, department, receivedFrom, receivedTo, hasAttachments) ' +
      'o el filtro de una cifra de un informe (from, to, mailbox, agentId, category, department, entity).',
    example: { from: '2024-01-01', to: '2024-01-31', category: 'users' },
  })
  @IsOptional()
  @IsObject({ message: 'filters debe ser un objeto' })
  filters?: Record<string, unknown>;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'], { message: 'format debe ser csv o xlsx' })
  format!: ExportFormat;
}
