import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/**
 * The ticket version the client saw, for the optimistic check: an action on a ticket
 * someone changed meanwhile gets 409 TICKET_VERSION_CONFLICT instead of overwriting.
 * Who acts comes from the session, never from the body.
 */
export class VersionedBody {
  @ApiProperty({ minimum: 1, example: 3, description: 'Versión del ticket que el cliente leyó; si cambió, 409 TICKET_VERSION_CONFLICT.' })
  @Type(() => Number)
  @IsInt({ message: 'version debe ser un número entero: la versión del ticket que tiene en pantalla' })
  @Min(1, { message: 'version debe ser al menos 1' })
  version!: number;
}

/** For actions where the check is offered but not required (older clients keep working). */
export class OptionalVersionBody {
  @ApiProperty({ required: false, minimum: 1, example: 3, description: 'Versión del ticket que el cliente leyó; se comprueba si se envía.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version debe ser un número entero: la versión del ticket que tiene en pantalla' })
  @Min(1, { message: 'version debe ser al menos 1' })
  version?: number;
}

/** A versioned action with an optional free-text reason, kept in the ticket's history. */
export class ReasonedVersionedBody extends VersionedBody {
  @ApiProperty({ required: false, maxLength: 1000 })
  @IsOptional()
  @IsString({ message: 'reason debe ser un texto' })
  @MaxLength(1000, { message: 'reason no puede pasar de 1000 caracteres' })
  reason?: string;
}
