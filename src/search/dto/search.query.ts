import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_SEARCH_LENGTH } from '../search-query';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 50;

export class SearchQuery {
  @ApiProperty({
    description:
      'Texto a buscar (sin importar tildes ni mayúsculas). Acepta "frases entre comillas", `or` y `-palabra` para excluir. ' +
      'Una referencia (MDA-2024-000123) o una dirección de correo exactas aparecen primero.',
    example: 'contraseña SisPT',
    maxLength: MAX_SEARCH_LENGTH,
  })
  @IsString({ message: 'q debe ser un texto' })
  @MaxLength(MAX_SEARCH_LENGTH, { message: `q no puede pasar de ${MAX_SEARCH_LENGTH} caracteres` })
  @Matches(/[\p{L}\p{N}]/u, { message: 'q debe tener al menos una letra o un número' })
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SEARCH_LIMIT, default: DEFAULT_SEARCH_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit debe ser un número entero' })
  @Min(1, { message: 'limit debe ser al menos 1' })
  @Max(MAX_SEARCH_LIMIT, { message: `limit no puede pasar de ${MAX_SEARCH_LIMIT}` })
  limit?: number;
}
