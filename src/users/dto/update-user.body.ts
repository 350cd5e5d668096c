import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role, ROLES } from '../../auth/auth.types';

/** What an admin may change; disabling ends the account's sessions at once. */
export class UpdateUserBody {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role debe ser uno de: ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ description: 'true deshabilita la cuenta y cierra sus sesiones; false la habilita de nuevo.' })
  @IsOptional()
  @IsBoolean({ message: 'disabled debe ser true o false' })
  disabled?: boolean;

  @ApiPropertyOptional({ example: 'Ana Pérez' })
  @IsOptional()
  @IsString({ message: 'name debe ser un texto' })
  @IsNotEmpty({ message: 'name no puede quedar vacío' })
  @MaxLength(200, { message: 'name no puede pasar de 200 caracteres' })
  name?: string;
}
