import { ApiProperty } from '@nestjs/swagger';
import type { TicketStatus } from '../../tickets/entities/ticket.entity';

const STATUSES: TicketStatus[] = ['new', 'open', 'waiting', 'resolved', 'closed'];

export class SearchRequesterView {
  @ApiProperty({ type: String, nullable: true, example: 'ana.perez@tunja-boyaca.gov.co' }) address!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Ana Pérez' }) name!: string | null;
}

export class SearchHitView {
  @ApiProperty({ example: 'MDA-2024-000123' }) reference!: string;
  @ApiProperty({ description: 'Texto tal cual llegó: escápelo al mostrarlo.' }) subject!: string;
  @ApiProperty({ enum: STATUSES }) status!: TicketStatus;
  @ApiProperty({ example: 'planeacionterritorial@dnp.gov.co' }) queueMailbox!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Tunja' }) entityName!: string | null;
  @ApiProperty({ type: SearchRequesterView }) requester!: SearchRequesterView;
  @ApiProperty({ description: 'Hora de Bogotá, ISO-8601', example: '2024-03-04T09:12:00-05:00' }) receivedAt!: string;
  @ApiProperty({ description: 'Relevancia (ts_rank_cd normalizado): mayor es más relevante; solo sirve para comparar resultados de la misma búsqueda.' })
  rank!: number;
  @ApiProperty({
    description:
      'Fragmento con las coincidencias. Es HTML seguro: todo el texto del correo viene escapado y las únicas etiquetas son <mark>…</mark> alrededor de las coincidencias.',
    example: 'olvidé mi <mark>contraseña</mark> de SisPT y no puedo entrar',
  })
  snippet!: string;
  @ApiProperty({ description: 'Coincide exactamente con la referencia o la dirección buscada.' }) exact!: boolean;
}

export class SearchResultsView {
  @ApiProperty({ type: [SearchHitView] }) items!: SearchHitView[];
  @ApiProperty({ description: 'Hubo coincidencias exactas de referencia o dirección (van primero).' }) exact!: boolean;
}
