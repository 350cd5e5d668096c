import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** No format or length rules beyond sanity caps: a bad address or short password is just a wrong login. */
export class LoginBody {
  @ApiProperty({ example: 'ana.perez@dnp.gov.co' })
  @IsString({ message: 'email debe ser un texto' })
  @IsNotEmpty({ message: 'email es obligatorio' })
  @MaxLength(254, { message: 'email no puede pasar de 254 caracteres' })
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString({ message: 'password debe ser un texto' })
  @IsNotEmpty({ message: 'password es obligatorio' })
  @MaxLength(1024, { message: 'password no puede pasar de 1024 caracteres' })
  password!: string;
}
