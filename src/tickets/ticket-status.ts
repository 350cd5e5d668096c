/**
 * Workflow states; agents see them in Spanish (nuevo, abierto, esperando respuesta de la entidad, resuelto, cerrado).
 * Apart from the entity so the web UI can import it without TypeORM's decorators.
 */
export type TicketStatus = 'new' | 'open' | 'waiting' | 'resolved' | 'closed';
