import { api } from './api/client';
import type { SessionView, TicketListPage } from './api/types';

/**
 * The first screen needs the session and, on the default queue, its first page. Asking for
 * both as soon as the script runs (not after React has rendered and the session answered)
 * saves a round trip on the way to the first row. Each is used at most once.
 */
let session: Promise<SessionView> | null = api.call<SessionView>('session');
// A 401 is the normal answer before login; the provider decides what it means.
session.catch(() => undefined);

const DEFAULT_QUEUE_LIMIT = 50;
let queue: Promise<TicketListPage> | null =
  window.location.pathname === '/' && !window.location.search ? api.call<TicketListPage>('listTickets', { query: { limit: DEFAULT_QUEUE_LIMIT } }) : null;
queue?.catch(() => undefined);

export function takePrefetchedSession(): Promise<SessionView> | null {
  const taken = session;
  session = null;
  return taken;
}

/** The default queue's first page, when it was asked for the same way. */
export function takePrefetchedQueue(query: Record<string, unknown>): Promise<TicketListPage> | null {
  const taken = queue;
  queue = null;
  if (!taken || Object.keys(query).length !== 1 || query.limit !== DEFAULT_QUEUE_LIMIT) return null;
  return taken;
}

/** After a sign-in the early request went out without a session: never use its answer. */
export function discardPrefetchedQueue(): void {
  queue = null;
}
