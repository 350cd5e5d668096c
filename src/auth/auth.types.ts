/** Who may do what: agents work tickets, supervisors also read reports and policies, admins manage accounts. */
export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in person behind a request, as the session guard puts it on the request. */
export interface SessionActor {
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** Client address the request came from (for the audit log and rate limits). */
  address: string | null;
  sessionId: string;
}

/** Changes made by the service itself (intake, cutover, SLA sweeps) rather than a person. */
export interface SystemActor {
  userId: null;
  email: 'sistema';
  address: null;
}

export const SYSTEM_ACTOR: SystemActor = { userId: null, email: 'sistema', address: null };

/** Every role, in the order of their powers; a route without @Roles accepts all of them. */
export const ANY_ROLE: readonly Role[] = ROLES;
