import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { VersionedBody } from '../../common/dto/actor.body';

/** Merges the ticket of the URL into `into` (the survivor); `version` is that of the ticket being merged. */
export class MergeTicketBody extends VersionedBody {
  @ApiProperty({ example: 'MDA-2025-000123', description: 'Referencia del ticket que queda (el sobreviviente).' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString({ message: 'into debe ser la referencia del ticket que queda, p. ej. MDA-2025-000123' })
  @Matches(/^MDA-\d{4}-\d{6}$/, { message: 'into debe ser la referencia del ticket que queda, p. ej. MDA-2025-000123' })
  into!: string;
}
