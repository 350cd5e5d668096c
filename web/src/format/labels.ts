import type { Category, Role, SlaClock, TicketStatus } from '../api/types';

export const STATUS_LABEL: Record<TicketStatus, string> = {
  new: 'nuevo',
  open: 'abierto',
  waiting: 'esperando respuesta de la entidad',
  resolved: 'resuelto',
  closed: 'cerrado',
};

export const CATEGORY_LABEL: Record<Category, string> = {
  users: 'usuarios SisPT',
  tech: 'soporte técnico',
  formulation: 'formulación y seguimiento',
  unclassified: 'sin clasificar',
};

export const CLOCK_LABEL: Record<SlaClock, string> = {
  firstResponse: 'primera respuesta',
  resolution: 'solución',
  legal: 'término legal',
};

export const ROLE_LABEL: Record<Role, string> = {
  agent: 'agente',
  supervisor: 'supervisor',
  admin: 'administrador',
};

export const LEGAL_KIND_LABEL: Record<string, string> = {
  petition: 'petición (15 días hábiles)',
  documents: 'solicitud de documentos (10 días hábiles)',
  consultation: 'consulta (30 días hábiles)',
};

/** System events of the conversation, as agents read them. */
export const EVENT_LABEL: Record<string, string> = {
  'category-changed': 'recategorizado',
  'status-changed': 'estado cambiado',
  assigned: 'asignación cambiada',
  'entity-changed': 'entidad cambiada',
  'tags-changed': 'etiquetas cambiadas',
  'merged-into': 'fusionado en otro ticket',
  'merged-from': 'recibió un ticket fusionado',
  'queue-moved': 'movido de buzón',
  'legal-kind-changed': 'tipo legal cambiado',
  'legal-term-extended': 'término legal prorrogado',
  'request-incomplete': 'petición incompleta: ANS en pausa',
  'mail-failed': 'envío fallido',
  'mail-bounced': 'correo rebotado',
  waiting: 'ANS en pausa: esperando a la entidad',
  incomplete: 'ANS en pausa: petición incompleta',
  resumed: 'ANS reanudado',
  answered: 'primera respuesta enviada',
  resolved: 'resuelto',
  reopened: 'reabierto',
  extended: 'término legal prorrogado',
};

export function eventLabel(kind: string): string {
  return EVENT_LABEL[kind] ?? kind.replace(/[-_]/g, ' ');
}

/** The mailbox's short name for menus: "planeacionterritorial@" → "planeacionterritorial". */
export function mailboxName(address: string): string {
  return address.split('@')[0];
}

/** Why a ticket carries a KPT notice (the acknowledgement said it too). */
export const KPT_NOTICE_LABEL: Record<string, string> = {
  'kpt-retired': 'Llegó a kpt@dnp.gov.co después del cambio de buzón: ese buzón ya no se atiende y la respuesta sale desde planeacionterritorial@dnp.gov.co.',
  'kpt-report-deadline': 'Pregunta sobre KPT después del periodo de consultas: el acuse recordó la fecha límite para reportar en KPT.',
};
