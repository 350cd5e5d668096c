import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Who acts on a ticket (an agent's address or name until accounts arrive with the agent API). */
export class ActorBody {
  @IsString({ message: 'changedBy debe ser un texto' })
  @IsNotEmpty({ message: 'changedBy es obligatorio: quién hace el cambio' })
  @MaxLength(200, { message: 'changedBy no puede pasar de 200 caracteres' })
  changedBy!: string;
}

/** An action with an optional free-text reason, kept in the ticket's history. */
export class ReasonedActorBody extends ActorBody {
  @IsOptional()
  @IsString({ message: 'reason debe ser un texto' })
  @MaxLength(1000, { message: 'reason no puede pasar de 1000 caracteres' })
  reason?: string;
}
