import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy, ValidateNested } from 'class-validator';
import { OptionalVersionBody } from '../../common/dto/actor.body';
import { isPaddedBase64 } from '../../common/text/base64';

/** Total size of a reply's attachments once decoded (the JSON body is about 4/3 of this). */
export const MAX_REPLY_ATTACHMENTS_BYTES = 20 * 1024 * 1024;

/**
 * An attachment as JSON with its content in base64: a browser reads a File with
 * FileReader.readAsDataURL and sends the reply as one JSON request, the same shape
 * as every other action (CSRF header, validation, error format), without multipart.
 */
export class ReplyAttachmentBody {
  @ApiProperty({ maxLength: 255, example: 'guía-ppi.pdf' })
  @IsString({ message: 'filename debe ser un texto' })
  @IsNotEmpty({ message: 'filename es obligatorio' })
  @MaxLength(255, { message: 'filename no puede pasar de 255 caracteres' })
  @Matches(/^[^/\\\u0000-\u001f]+$/, { message: 'filename no puede tener barras ni caracteres de control' })
  filename!: string;

  @ApiProperty({ example: 'application/pdf' })
  @IsString({ message: 'contentType debe ser un texto' })
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'contentType debe ser un tipo MIME, p. ej. application/pdf' })
  contentType!: string;

  @ApiProperty({ format: 'byte', description: 'Contenido en base64 (p. ej. lo que sigue a la coma de FileReader.readAsDataURL).' })
  @IsString({ message: 'contentBase64 debe ser el contenido en base64' })
  @ValidateBy({ name: 'isPaddedBase64', validator: { validate: (value: unknown) => typeof value === 'string' && isPaddedBase64(value) } }, { message: 'contentBase64 debe ser el contenido en base64' })
  contentBase64!: string;
}

/** Signed with the name of the signed-in account; `version` is optional (checked when sent). */
export class AgentReplyBody extends OptionalVersionBody {
  @ApiProperty({ maxLength: 100000, description: 'Texto plano de la respuesta; se firma con el nombre de la cuenta.' })
  @IsString({ message: 'body debe ser un texto' })
  @IsNotEmpty({ message: 'body es obligatorio: el texto de la respuesta' })
  @MaxLength(100000, { message: 'body no puede pasar de 100.000 caracteres' })
  body!: string;

  /** The ticket's status after the reply (default: waiting for the official). */
  @ApiProperty({ required: false, enum: ['open', 'waiting', 'resolved'], default: 'waiting' })
  @IsOptional()
  @IsIn(['open', 'waiting', 'resolved'], { message: 'status debe ser uno de: open, waiting, resolved' })
  status?: 'open' | 'waiting' | 'resolved';

  @ApiProperty({ required: false, type: [ReplyAttachmentBody], maxItems: 10, description: 'Hasta 10 archivos que sumen 20 MB.' })
  @IsOptional()
  @IsArray({ message: 'attachments debe ser una lista' })
  @ArrayMaxSize(10, { message: 'no se pueden adjuntar más de 10 archivos' })
  @ValidateNested({ each: true })
  @Type(() => ReplyAttachmentBody)
  attachments?: ReplyAttachmentBody[];
}
