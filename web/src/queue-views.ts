import type { Category, TicketCounts } from './api/types';
import { CATEGORY_LABEL, mailboxName } from './format/labels';

/** One entry of the workspace's sidebar: what it is called, how it filters the list, and its count. */
export interface QueueView {
  id: string;
  label: string;
  filter: Record<string, string>;
  count: number | null;
  group: 'trabajo' | 'buzón' | 'categoría';
}

const CATEGORIES: Category[] = ['users', 'tech', 'formulation', 'unclassified'];

/**
 * The sidebar: the agent's working views first (counts from GET /api/tickets/counts, open
 * tickets only), then one per mailbox and one per category. Ids go in the URL (?vista=).
 */
export function queueViews(counts: TicketCounts | null): QueueView[] {
  const totals = counts?.totals;
  const views: QueueView[] = [
    { id: 'abiertos', label: 'Todos los abiertos', filter: {}, count: totals?.open ?? null, group: 'trabajo' },
    { id: 'mios', label: 'Mis tickets', filter: { assignee: 'me' }, count: totals?.mine ?? null, group: 'trabajo' },
    { id: 'sin-asignar', label: 'Sin asignar', filter: { assignee: 'unassigned' }, count: totals?.unassigned ?? null, group: 'trabajo' },
    { id: 'por-vencer', label: 'Por vencer', filter: { sla: 'warning' }, count: totals?.warning ?? null, group: 'trabajo' },
    { id: 'vencidos', label: 'Vencidos', filter: { sla: 'breached' }, count: totals?.breached ?? null, group: 'trabajo' },
    { id: 'esperando', label: 'Esperando entidad', filter: { status: 'waiting' }, count: totals?.byStatus.waiting ?? null, group: 'trabajo' },
  ];
  for (const queue of counts?.queues ?? []) {
    views.push({ id: `buzon:${queue.queueMailbox}`, label: mailboxName(queue.queueMailbox), filter: { queue: queue.queueMailbox }, count: queue.open, group: 'buzón' });
  }
  for (const category of CATEGORIES) {
    views.push({ id: `categoria:${category}`, label: CATEGORY_LABEL[category], filter: { category }, count: null, group: 'categoría' });
  }
  return views;
}

/** The view an id names; an unknown or missing id falls back to all open tickets. */
export function findQueueView(views: QueueView[], id: string | null): QueueView {
  if (id) {
    const found = views.find((view) => view.id === id);
    if (found) return found;
    // Before the counts arrive the mailbox views are not listed yet; their filter is in the id.
    if (id.startsWith('buzon:')) return { id, label: mailboxName(id.slice(6)), filter: { queue: id.slice(6) }, count: null, group: 'buzón' };
  }
  return views[0];
}
