import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalVersionBody, VersionedBody } from '../../common/dto/actor.body';
import { LEGAL_KINDS, LegalKind } from '../sla.types';

/** Agents see them as abierto, esperando respuesta de la entidad, resuelto, cerrado; `new` (nuevo) is only where tickets start. */
const STATUSES = ['open', 'waiting', 'resolved', 'closed'] as const;

export class ChangeStatusBody extends VersionedBody {
  @ApiProperty({ enum: STATUSES, description: 'open: abierto; waiting: esperando respuesta de la entidad; resolved: resuelto; closed: cerrado.' })
  @IsIn(STATUSES as unknown as string[], { message: `status debe ser uno de: ${STATUSES.join(', ')}` })
  status!: (typeof STATUSES)[number];
}

export class IncompleteRequestBody extends OptionalVersionBody {
  @ApiProperty({ maxLength: 2000, description: 'Qué información falta.' })
  @IsString({ message: 'reason debe ser un texto' })
  @IsNotEmpty({ message: 'reason es obligatorio: qué información falta' })
  @MaxLength(2000, { message: 'reason no puede pasar de 2000 caracteres' })
  reason!: string;
}

export class LegalExtensionBody extends OptionalVersionBody {
  @ApiProperty({ minimum: 1, maximum: 365, description: 'Días hábiles.' })
  @IsInt({ message: 'days debe ser un número entero de días hábiles' })
  @Min(1, { message: 'days debe ser al menos 1' })
  @Max(365, { message: 'days no puede pasar de 365' })
  days!: number;

  @ApiProperty({ maxLength: 2000 })
  @IsString({ message: 'reason debe ser un texto' })
  @IsNotEmpty({ message: 'reason es obligatorio: la ley exige informar el motivo de la prórroga' })
  @MaxLength(2000, { message: 'reason no puede pasar de 2000 caracteres' })
  reason!: string;
}

export class LegalKindBody extends OptionalVersionBody {
  @ApiProperty({ enum: LEGAL_KINDS })
  @IsIn(LEGAL_KINDS as unknown as string[], { message: `legalKind debe ser uno de: ${LEGAL_KINDS.join(', ')}` })
  legalKind!: LegalKind;
}
