import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class SetEntityBody {
  /** DIVIPOLA code as text ("05" department, "05001" municipality), or null to clear. */
  @ValidateIf((body: SetEntityBody) => body.code !== null)
  @IsString({ message: 'code debe ser un código DIVIPOLA en texto, p. ej. "05001"' })
  @Matches(/^\d{2}(\d{3})?$/, { message: 'code debe tener 2 dígitos (departamento) o 5 (municipio), con ceros a la izquierda' })
  code!: string | null;

  @IsString({ message: 'changedBy debe ser un texto' })
  @IsNotEmpty({ message: 'changedBy es obligatorio: quién hace el cambio' })
  @MaxLength(200, { message: 'changedBy no puede pasar de 200 caracteres' })
  changedBy!: string;

  @IsOptional()
  @IsString({ message: 'reason debe ser un texto' })
  @MaxLength(1000, { message: 'reason no puede pasar de 1000 caracteres' })
  reason?: string;
}
