import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROUTING_CATEGORIES, RoutingCategory } from '../../routing/routing.types';
import { AGE_BAND_KEYS } from '../business-age';
import { BACKLOG_STATES, TIMED_CLOCKS } from '../report-tickets.query';
import { TICKETS_PAGE_MAX } from '../reports.service';
import { ReportDimensionsQuery } from './report.query';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const TRUE_FALSE = ['true', 'false'];
const day = (key: string) => ({ message: `${key} debe ser una fecha AAAA-MM-DD` });
const flag = (key: string) => ({ message: `${key} debe ser true o false` });

/**
 * The drill filter of a report figure, as query parameters (the keys of `drill` in a
 * ReportResult; `agentId` travels as `agent`), plus the page.
 */
export class ReportTicketsQuery extends ReportDimensionsQuery {
  @ApiPropertyOptional({ description: 'Recibidos desde (día de Bogotá, inclusive).', example: '2024-01-01' })
  @IsOptional()
  @Matches(ISO_DAY, day('from'))
  from?: string;

  @ApiPropertyOptional({ description: 'Recibidos hasta (día de Bogotá, inclusive).', example: '2024-01-31' })
  @IsOptional()
  @Matches(ISO_DAY, day('to'))
  to?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Primera respuesta a tiempo (true) o fuera de plazo (false).' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('firstResponseMet'))
  firstResponseMet?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Solución a tiempo (true) o fuera de plazo (false).' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('resolutionMet'))
  resolutionMet?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Término legal cumplido (true) o vencido (false).' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('legalMet'))
  legalMet?: string;

  @ApiPropertyOptional({ enum: TIMED_CLOCKS, description: 'Con tiempo hábil medido hasta la primera respuesta o hasta la solución.' })
  @IsOptional()
  @IsIn(TIMED_CLOCKS as unknown as string[], { message: `timed debe ser uno de: ${TIMED_CLOCKS.join(', ')}` })
  timed?: string;

  @ApiPropertyOptional({ description: 'Resueltos desde (día de Bogotá).' })
  @IsOptional()
  @Matches(ISO_DAY, day('resolvedFrom'))
  resolvedFrom?: string;

  @ApiPropertyOptional({ description: 'Resueltos hasta (día de Bogotá).' })
  @IsOptional()
  @Matches(ISO_DAY, day('resolvedTo'))
  resolvedTo?: string;

  @ApiPropertyOptional({ description: 'Abiertos al cierre de ese día de Bogotá.' })
  @IsOptional()
  @Matches(ISO_DAY, day('openOn'))
  openOn?: string;

  @ApiPropertyOptional({ enum: BACKLOG_STATES, description: 'Abiertos ahora: todos, en riesgo (alerta de plazo) o vencidos.' })
  @IsOptional()
  @IsIn(BACKLOG_STATES as unknown as string[], { message: `state debe ser uno de: ${BACKLOG_STATES.join(', ')}` })
  state?: string;

  @ApiPropertyOptional({ enum: AGE_BAND_KEYS, description: 'Antigüedad en días hábiles desde la recepción.' })
  @IsOptional()
  @IsIn(AGE_BAND_KEYS as unknown as string[], { message: `ageBand debe ser uno de: ${AGE_BAND_KEYS.join(', ')}` })
  ageBand?: string;

  @ApiPropertyOptional({ description: 'Instante en que se leyeron state y ageBand (el del informe), ISO-8601.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/, { message: 'asOf debe ser un instante ISO-8601' })
  asOf?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Solo tickets que decidió el enrutamiento.' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('routed'))
  routed?: string;

  @ApiPropertyOptional({ description: 'Regla que decidió el ticket, o `none` (ninguna: quedó por clasificar).' })
  @IsOptional()
  @MaxLength(200, { message: 'rule no es válido' })
  rule?: string;

  @ApiPropertyOptional({ enum: ROUTING_CATEGORIES, description: 'Categoría que eligió el enrutamiento.' })
  @IsOptional()
  @IsIn(ROUTING_CATEGORIES as unknown as string[], { message: `routedCategory debe ser una de: ${ROUTING_CATEGORIES.join(', ')}` })
  routedCategory?: RoutingCategory;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Recategorizado por un agente (true) o no (false).' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('recategorized'))
  recategorized?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Pasado de la cola de kpt@ en el cambio de buzón.' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('movedAtCutover'))
  movedAtCutover?: string;

  @ApiPropertyOptional({ description: 'Con correo recibido en kpt@ después del cambio, desde este día.' })
  @IsOptional()
  @Matches(ISO_DAY, day('retiredMailFrom'))
  retiredMailFrom?: string;

  @ApiPropertyOptional({ description: 'Con correo recibido en kpt@ después del cambio, hasta este día.' })
  @IsOptional()
  @Matches(ISO_DAY, day('retiredMailTo'))
  retiredMailTo?: string;

  @ApiPropertyOptional({ enum: TRUE_FALSE, description: 'Creados por correo a kpt@ después del cambio.' })
  @IsOptional()
  @IsIn(TRUE_FALSE, flag('arrivedAfterCutover'))
  arrivedAfterCutover?: string;

  @ApiPropertyOptional({ description: 'El nextCursor de la página anterior, tal cual.' })
  @IsOptional()
  @MaxLength(512, { message: 'cursor no es válido' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: TICKETS_PAGE_MAX, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit debe ser un número entero' })
  @Min(1, { message: 'limit debe ser al menos 1' })
  @Max(TICKETS_PAGE_MAX, { message: `limit no puede pasar de ${TICKETS_PAGE_MAX}` })
  limit: number = 50;
}
