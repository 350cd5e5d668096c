import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { VersionedBody } from '../../common/dto/actor.body';

/** Ticket actions that need nothing but the version the client saw (take). */
export class TakeTicketBody extends VersionedBody {}

export class AssignTicketBody extends VersionedBody {
  /** Id of an enabled account (as the API gives it, a string of digits), or null to unassign. */
  @ApiProperty({ type: String, nullable: true, example: '12', description: 'Id de una cuenta habilitada, o null para dejarlo sin asignar.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @ValidateIf((body: AssignTicketBody) => body.assigneeId !== null)
  @IsString({ message: 'assigneeId debe ser el id de una cuenta, o null para quitar la asignación' })
  @Matches(/^[1-9]\d{0,18}$/, { message: 'assigneeId debe ser el id de una cuenta, o null para quitar la asignación' })
  assigneeId!: string | null;
}
