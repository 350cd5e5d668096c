import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { ReasonedVersionedBody } from '../../common/dto/actor.body';

export class SetEntityBody extends ReasonedVersionedBody {
  /** DIVIPOLA code as text ("05" department, "05001" municipality), or null to clear. */
  @ApiProperty({ type: String, nullable: true, example: '05001', description: 'Código DIVIPOLA (2 o 5 dígitos), o null para quitarla.' })
  @ValidateIf((body: SetEntityBody) => body.code !== null)
  @IsString({ message: 'code debe ser un código DIVIPOLA en texto, p. ej. "05001"' })
  @Matches(/^\d{2}(\d{3})?$/, { message: 'code debe tener 2 dígitos (departamento) o 5 (municipio), con ceros a la izquierda' })
  code!: string | null;
}
