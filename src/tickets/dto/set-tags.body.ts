import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { VersionedBody } from '../../common/dto/actor.body';
import { MAX_TAG_LENGTH, MAX_TICKET_TAGS } from '../ticket-tags';

/** The ticket's whole tag list (replaces the current one); stored trimmed and lower-case. */
export class SetTagsBody extends VersionedBody {
  @ApiProperty({ type: [String], maxItems: MAX_TICKET_TAGS, example: ['urgente', 'sispt'] })
  @IsArray({ message: 'tags debe ser una lista de textos' })
  @ArrayMaxSize(MAX_TICKET_TAGS, { message: `no se pueden poner más de ${MAX_TICKET_TAGS} etiquetas` })
  @IsString({ each: true, message: 'cada etiqueta debe ser un texto' })
  @MaxLength(MAX_TAG_LENGTH, { each: true, message: `cada etiqueta puede tener hasta ${MAX_TAG_LENGTH} caracteres` })
  tags!: string[];
}
