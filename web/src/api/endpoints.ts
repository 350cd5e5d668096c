/**
 * Every endpoint the UI calls, in one table: test/unit/web-api-contract.spec.ts checks
 * each method, path and query parameter against the server's OpenAPI document, so a
 * renamed route or parameter fails a test instead of a page.
 */
export const ENDPOINTS = {
  login: { method: 'POST', path: '/api/auth/login' },
  session: { method: 'GET', path: '/api/auth/session' },
  logout: { method: 'POST', path: '/api/auth/logout' },
  listTickets: {
    method: 'GET',
    path: '/api/tickets',
    query: ['queue', 'category', 'status', 'assignee', 'sla', 'entity', 'department', 'receivedFrom', 'receivedTo', 'hasAttachments', 'sort', 'cursor', 'limit'],
  },
  ticketCounts: { method: 'GET', path: '/api/tickets/counts' },
  ticketStream: { method: 'GET', path: '/api/tickets/stream', query: ['queue'] },
  ticketDetail: { method: 'GET', path: '/api/tickets/{reference}' },
  take: { method: 'POST', path: '/api/tickets/{reference}/take' },
  assign: { method: 'POST', path: '/api/tickets/{reference}/assign' },
  changeStatus: { method: 'PATCH', path: '/api/tickets/{reference}/status' },
  changeCategory: { method: 'PATCH', path: '/api/tickets/{reference}/category' },
  setEntity: { method: 'PATCH', path: '/api/tickets/{reference}/entity' },
  addNote: { method: 'POST', path: '/api/tickets/{reference}/notes' },
  setTags: { method: 'PUT', path: '/api/tickets/{reference}/tags' },
  merge: { method: 'POST', path: '/api/tickets/{reference}/merge' },
  reply: { method: 'POST', path: '/api/tickets/{reference}/replies' },
  search: { method: 'GET', path: '/api/search', query: ['q'] },
  agents: { method: 'GET', path: '/api/users/agents' },
  users: { method: 'GET', path: '/api/users' },
  createUser: { method: 'POST', path: '/api/users' },
  updateUser: { method: 'PATCH', path: '/api/users/{id}' },
  replyTemplates: { method: 'GET', path: '/api/reply-templates' },
  workingTime: { method: 'GET', path: '/api/calendar/working-time', query: ['from', 'to'] },
  adminMailboxes: { method: 'GET', path: '/api/admin/mailboxes' },
  adminCalendar: { method: 'GET', path: '/api/admin/calendar', query: ['year'] },
  adminRoutingRules: { method: 'GET', path: '/api/admin/routing-rules' },
  report: { method: 'GET', path: '/api/reports/{name}', query: ['from', 'to', 'mailbox', 'category', 'agent', 'department', 'entity', 'groupBy'] },
  reportTickets: { method: 'GET', path: '/api/reports/tickets', query: '*' },
  createExport: { method: 'POST', path: '/api/exports' },
  exportStatus: { method: 'GET', path: '/api/exports/{id}' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; query?: readonly string[] | '*' }>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The endpoint's path with its `{parameters}` filled in (URI-encoded) and an optional query string. */
export function endpointUrl(
  name: EndpointName,
  params: Record<string, string> = {},
  query: Record<string, string | number | boolean | undefined | null> = {},
): string {
  const endpoint = ENDPOINTS[name];
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`Falta el parámetro ${key} de ${name}`);
    return encodeURIComponent(value);
  });
  // '*': the parameters are data (a report's drill filter), checked by the server's DTO.
  const allowed: readonly string[] | '*' = 'query' in endpoint ? endpoint.query : [];
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (allowed !== '*' && !allowed.includes(key)) throw new Error(`${name} no acepta el parámetro ${key}`);
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
