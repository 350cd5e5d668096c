import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayNotEmpty, IsEmail, IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROUTING_CATEGORIES, RoutingCategory } from '../../routing/routing.types';
import type { TicketStatus } from '../entities/ticket.entity';
import { LIST_SORTS, ListSort, SLA_STATES, SlaState } from '../ticket-list.query';

const STATUSES: readonly TicketStatus[] = ['new', 'open', 'waiting', 'resolved', 'closed'];
/** A date (a whole Bogotá day) or an ISO-8601 instant. */
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const splitList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value);

export class ListTicketsQuery {
  @ApiPropertyOptional({ description: 'Buzón de la cola (dirección).', example: 'planeacionterritorial@dnp.gov.co' })
  @IsOptional()
  @IsEmail({}, { message: 'queue debe ser la dirección de un buzón' })
  queue?: string;

  @ApiPropertyOptional({ enum: ROUTING_CATEGORIES })
  @IsOptional()
  @IsIn(ROUTING_CATEGORIES as unknown as string[], { message: `category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}` })
  category?: RoutingCategory;

  @ApiPropertyOptional({
    description: 'Uno o varios estados separados por comas. Sin él: los abiertos (new, open, waiting), salvo con sla=met.',
    example: 'new,open',
    type: String,
  })
  @IsOptional()
  @Transform(splitList)
  @ArrayNotEmpty({ message: 'status no puede estar vacío' })
  @IsIn(STATUSES as string[], { each: true, message: `status debe ser uno o varios de: ${STATUSES.join(', ')}` })
  status?: TicketStatus[];

  @ApiPropertyOptional({ description: '`me` (los míos), `unassigned` (sin asignar) o el id de una cuenta.', example: 'me' })
  @IsOptional()
  @Matches(/^(me|unassigned|[1-9]\d{0,18})$/, { message: 'assignee debe ser me, unassigned o el id de una cuenta' })
  assignee?: string;

  @ApiPropertyOptional({ enum: SLA_STATES, description: 'Estado del ANS: a tiempo, en alerta, vencido, en pausa o cumplido (resuelto o cerrado).' })
  @IsOptional()
  @IsIn(SLA_STATES as unknown as string[], { message: `sla debe ser uno de: ${SLA_STATES.join(', ')}` })
  sla?: SlaState;

  @ApiPropertyOptional({ description: 'Código DIVIPOLA de la entidad: municipio (5 dígitos) o departamento (2).', example: '05001' })
  @IsOptional()
  @Matches(/^(\d{2}|\d{5})$/, { message: 'entity debe ser un código DIVIPOLA de 2 o 5 dígitos' })
  entity?: string;

  @ApiPropertyOptional({ description: 'Código DIVIPOLA del departamento: el departamento y todos sus municipios.', example: '05' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department debe ser un código DIVIPOLA de 2 dígitos' })
  department?: string;

  @ApiPropertyOptional({ description: 'Recibidos desde (inclusive): fecha (día de Bogotá) o instante ISO-8601.', example: '2024-03-01' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'receivedFrom debe ser una fecha AAAA-MM-DD o un instante ISO-8601' })
  receivedFrom?: string;

  @ApiPropertyOptional({ description: 'Recibidos hasta: una fecha incluye todo ese día de Bogotá; un instante es exclusivo.', example: '2024-03-31' })
  @IsOptional()
  @Matches(DATE_OR_INSTANT, { message: 'receivedTo debe ser una fecha AAAA-MM-DD o un instante ISO-8601' })
  receivedTo?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'hasAttachments debe ser true o false' })
  hasAttachments?: 'true' | 'false';

  @ApiPropertyOptional({ enum: LIST_SORTS, default: 'due', description: 'due: vence primero; newest: más recientes; oldest: más antiguos.' })
  @IsOptional()
  @IsIn(LIST_SORTS as unknown as string[], { message: `sort debe ser uno de: ${LIST_SORTS.join(', ')}` })
  sort: ListSort = 'due';

  @ApiPropertyOptional({ description: 'El nextCursor de la página anterior, tal cual.' })
  @IsOptional()
  @MaxLength(512, { message: 'cursor no es válido' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit debe ser un número entero' })
  @Min(1, { message: 'limit debe ser al menos 1' })
  @Max(100, { message: 'limit no puede pasar de 100' })
  limit: number = 50;
}

export class TicketStreamQuery {
  @ApiPropertyOptional({ description: 'Buzón de la cola; sin él, los cambios de todas las colas.', example: 'planeacionterritorial@dnp.gov.co' })
  @IsOptional()
  @IsEmail({}, { message: 'queue debe ser la dirección de un buzón' })
  queue?: string;
}
