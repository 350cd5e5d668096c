import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROUTING_CATEGORIES, RoutingCategory } from '../../routing/routing.types';

export class ChangeCategoryBody {
  @IsIn(ROUTING_CATEGORIES as unknown as string[], { message: `category debe ser una de: ${ROUTING_CATEGORIES.join(', ')}` })
  category!: RoutingCategory;

  /** Who made the change (an agent's address until accounts arrive with the agent API). */
  @IsString({ message: 'changedBy debe ser un texto' })
  @IsNotEmpty({ message: 'changedBy es obligatorio: quién hace el cambio' })
  @MaxLength(200, { message: 'changedBy no puede pasar de 200 caracteres' })
  changedBy!: string;

  @IsOptional()
  @IsString({ message: 'reason debe ser un texto' })
  @MaxLength(1000, { message: 'reason no puede pasar de 1000 caracteres' })
  reason?: string;
}
