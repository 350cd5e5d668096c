import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

export class ReplyAttachmentBody {
  @IsString({ message: 'filename debe ser un texto' })
  @IsNotEmpty({ message: 'filename es obligatorio' })
  @MaxLength(255, { message: 'filename no puede pasar de 255 caracteres' })
  @Matches(/^[^/\\\u0000-\u001f]+$/, { message: 'filename no puede tener barras ni caracteres de control' })
  filename!: string;

  @IsString({ message: 'contentType debe ser un texto' })
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'contentType debe ser un tipo MIME, p. ej. application/pdf' })
  contentType!: string;

  @IsBase64({}, { message: 'contentBase64 debe ser el contenido en base64' })
  contentBase64!: string;
}

export class AgentReplyBody {
  @IsString({ message: 'body debe ser un texto' })
  @IsNotEmpty({ message: 'body es obligatorio: el texto de la respuesta' })
  @MaxLength(100000, { message: 'body no puede pasar de 100.000 caracteres' })
  body!: string;

  @IsString({ message: 'agentName debe ser un texto' })
  @IsNotEmpty({ message: 'agentName es obligatorio: quien firma la respuesta' })
  @MaxLength(200, { message: 'agentName no puede pasar de 200 caracteres' })
  agentName!: string;

  /** The ticket's status after the reply (default: waiting for the official). */
  @IsOptional()
  @IsIn(['open', 'waiting', 'resolved'], { message: 'status debe ser uno de: open, waiting, resolved' })
  status?: 'open' | 'waiting' | 'resolved';

  @IsOptional()
  @IsArray({ message: 'attachments debe ser una lista' })
  @ArrayMaxSize(10, { message: 'no se pueden adjuntar más de 10 archivos' })
  @ValidateNested({ each: true })
  @Type(() => ReplyAttachmentBody)
  attachments?: ReplyAttachmentBody[];
}
