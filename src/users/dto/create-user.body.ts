import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../auth/auth.types';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password-hashing';

export class CreateUserBody {
  @ApiProperty({ example: 'ana.perez@dnp.gov.co' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email debe ser una dirección de correo válida' })
  @MaxLength(254, { message: 'email no puede pasar de 254 caracteres' })
  email!: string;

  @ApiProperty({ example: 'Ana Pérez' })
  @IsString({ message: 'name debe ser un texto' })
  @IsNotEmpty({ message: 'name es obligatorio' })
  @MaxLength(200, { message: 'name no puede pasar de 200 caracteres' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role debe ser uno de: ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, description: 'Sin reglas de composición: solo longitud.' })
  @IsString({ message: 'password debe ser un texto' })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres` })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: `password no puede pasar de ${MAX_PASSWORD_LENGTH} caracteres` })
  password!: string;
}
