import { ApiError, conflict, notFound } from '../common/errors/api-error';

/** The state a client-facing action checks before it changes a ticket. */
export interface GuardedTicketState {
  reference: string;
  version: number;
  /** Reference of the survivor when this ticket was merged into it. */
  mergedIntoReference: string | null;
}

export const TICKET_VERSION_CONFLICT = 'TICKET_VERSION_CONFLICT';
export const TICKET_MERGED = 'TICKET_MERGED';

export const ticketNotFound = (reference: string): ApiError => notFound('TICKET_NOT_FOUND', `No existe el ticket ${reference}`);

/** Conflict telling the client which version the ticket is at now, so it can reload and retry. */
export const versionConflict = (reference: string, currentVersion: number, yourVersion: number): ApiError =>
  conflict(
    TICKET_VERSION_CONFLICT,
    `Otra persona modificó el ticket ${reference} mientras lo veía (versión ${yourVersion}, ahora ${currentVersion}); recárguelo e intente de nuevo.`,
    { currentVersion, yourVersion },
  );

/**
 * Why an action may not go ahead on this ticket, or null. Pure. A merged ticket refuses
 * every action (its work continues in the survivor), whatever version the client sent;
 * `expectedVersion` undefined means the action does not check versions (notes).
 */
export function actionRefusal(ticket: GuardedTicketState, expectedVersion: number | undefined): ApiError | null {
  if (ticket.mergedIntoReference !== null) {
    return conflict(TICKET_MERGED, `El ticket ${ticket.reference} se fusionó con ${ticket.mergedIntoReference}; continúe en ese ticket.`, {
      mergedInto: ticket.mergedIntoReference,
    });
  }
  if (expectedVersion !== undefined && expectedVersion !== ticket.version) return versionConflict(ticket.reference, ticket.version, expectedVersion);
  return null;
}
