import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, Matches } from 'class-validator';
import { ROUTING_CATEGORIES, RoutingCategory } from '../../routing/routing.types';
import { AGENT_PATTERN, DEPARTMENT_PATTERN, ENTITY_PATTERN } from '../report-filters';
import { REPORT_GROUPINGS, ReportGrouping } from '../report.types';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The report dimensions, as query parameters (also those of a drill filter). */
export class ReportDimensionsQuery {
  @ApiPropertyOptional({ description: 'Buzón de la cola (dirección).', example: 'planeacionterritorial@dnp.gov.co' })
  @IsOptional()
  @IsEmail({}, { message: 'mailbox debe ser la dirección de un buzón' })
  mailbox?: string;

  @ApiPropertyOptional({ enum: ROUTING_CATEGORIES })
  @IsOptional()
  @IsIn(ROUTING_CATEGORIES as unknown as string[], { message: `category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}` })
  category?: RoutingCategory;

  @ApiPropertyOptional({ description: 'Id de la cuenta del agente asignado, o `unassigned` (sin asignar).', example: '7' })
  @IsOptional()
  @Matches(AGENT_PATTERN, { message: 'agent debe ser el id de una cuenta o unassigned' })
  agent?: string;

  @ApiPropertyOptional({ description: 'Código DIVIPOLA del departamento (2 dígitos), o `none` (entidad sin identificar).', example: '05' })
  @IsOptional()
  @Matches(DEPARTMENT_PATTERN, { message: 'department debe ser un código DIVIPOLA de 2 dígitos o none' })
  department?: string;

  @ApiPropertyOptional({ description: 'Código DIVIPOLA de la entidad: municipio (5 dígitos) o departamento (2).', example: '05001' })
  @IsOptional()
  @Matches(ENTITY_PATTERN, { message: 'entity debe ser un código DIVIPOLA de 2 o 5 dígitos' })
  entity?: string;
}

export class ReportQuery extends ReportDimensionsQuery {
  @ApiProperty({ description: 'Primer día del periodo (día de Bogotá, inclusive).', example: '2024-01-01' })
  @Matches(ISO_DAY, { message: 'from es obligatorio: una fecha AAAA-MM-DD' })
  from!: string;

  @ApiProperty({ description: 'Último día del periodo (día de Bogotá, inclusive).', example: '2024-12-31' })
  @Matches(ISO_DAY, { message: 'to es obligatorio: una fecha AAAA-MM-DD' })
  to!: string;

  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, description: 'Agrupación; la que el informe no ofrece se ignora (el resultado dice cuál usó).' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS as unknown as string[], { message: `groupBy debe ser uno de: ${REPORT_GROUPINGS.join(', ')}` })
  groupBy?: ReportGrouping;
}
