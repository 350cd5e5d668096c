import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export const MAX_NOTE_LENGTH = 20000;

/**
 * An internal note: plain text, stored as a ticket event and never mailed. It needs no
 * version: notes only add to the conversation, so two agents writing at once do not conflict.
 */
export class AddNoteBody {
  @ApiProperty({ maxLength: MAX_NOTE_LENGTH, description: 'Texto plano; nunca se envía por correo.' })
  @IsString({ message: 'body debe ser un texto' })
  @IsNotEmpty({ message: 'body es obligatorio: el texto de la nota' })
  @MaxLength(MAX_NOTE_LENGTH, { message: `body no puede pasar de ${MAX_NOTE_LENGTH} caracteres` })
  body!: string;
}
