import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { ActorBody } from '../../common/dto/actor.body';
import { LEGAL_KINDS, LegalKind } from '../sla.types';

const STATUSES = ['open', 'waiting', 'resolved', 'closed'] as const;

export class ChangeStatusBody extends ActorBody {
  @IsIn(STATUSES as unknown as string[], { message: `status debe ser uno de: ${STATUSES.join(', ')}` })
  status!: (typeof STATUSES)[number];
}

export class IncompleteRequestBody extends ActorBody {
  @IsString({ message: 'reason debe ser un texto' })
  @IsNotEmpty({ message: 'reason es obligatorio: qué información falta' })
  @MaxLength(2000, { message: 'reason no puede pasar de 2000 caracteres' })
  reason!: string;
}

export class LegalExtensionBody extends ActorBody {
  @IsInt({ message: 'days debe ser un número entero de días hábiles' })
  @Min(1, { message: 'days debe ser al menos 1' })
  @Max(365, { message: 'days no puede pasar de 365' })
  days!: number;

  @IsString({ message: 'reason debe ser un texto' })
  @IsNotEmpty({ message: 'reason es obligatorio: la ley exige informar el motivo de la prórroga' })
  @MaxLength(2000, { message: 'reason no puede pasar de 2000 caracteres' })
  reason!: string;
}

export class LegalKindBody extends ActorBody {
  @IsIn(LEGAL_KINDS as unknown as string[], { message: `legalKind debe ser uno de: ${LEGAL_KINDS.join(', ')}` })
  legalKind!: LegalKind;
}
