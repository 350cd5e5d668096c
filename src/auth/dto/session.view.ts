import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '../auth.types';

export class SessionUserView {
  @ApiProperty({ example: '12' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

/** What login and the session probe answer; send csrfToken as X-CSRF-Token on every POST/PUT/PATCH/DELETE. */
export class SessionView {
  @ApiProperty({ type: SessionUserView }) user!: SessionUserView;
  @ApiProperty({ description: 'Enviar en la cabecera X-CSRF-Token en toda solicitud que cambie datos.' }) csrfToken!: string;
}
