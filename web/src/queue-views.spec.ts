import type { TicketCounts } from './api/types';
import { findQueueView, queueViews } from './queue-views';

const counts: TicketCounts = {
  statuses: ['new', 'open', 'waiting'],
  queues: [{ queueMailbox: 'planeacionterritorial@dnp.gov.co', byStatus: { new: 3, open: 2, waiting: 1 }, open: 6, mine: 1, unassigned: 4, warning: 2, breached: 1 }],
  totals: { byStatus: { new: 3, open: 2, waiting: 1 }, open: 6, mine: 1, unassigned: 4, warning: 2, breached: 1 },
};

describe('queueViews', () => {
  it('lists the working views with their counts and filters, then mailboxes and categories', () => {
    const views = queueViews(counts);
    expect(views.filter((view) => view.group === 'trabajo').map((view) => [view.id, view.count, view.filter])).toEqual([
      ['abiertos', 6, {}],
      ['mios', 1, { assignee: 'me' }],
      ['sin-asignar', 4, { assignee: 'unassigned' }],
      ['por-vencer', 2, { sla: 'warning' }],
      ['vencidos', 1, { sla: 'breached' }],
      ['esperando', 1, { status: 'waiting' }],
    ]);
    expect(views.find((view) => view.group === 'buzón')).toMatchObject({ id: 'buzon:planeacionterritorial@dnp.gov.co', label: 'planeacionterritorial', count: 6 });
    expect(views.filter((view) => view.group === 'categoría').map((view) => view.filter)).toEqual([{ category: 'users' }, { category: 'tech' }, { category: 'formulation' }, { category: 'unclassified' }]);
  });

  it('shows no counts before they arrive', () => {
    expect(queueViews(null).every((view) => view.count === null)).toBe(true);
  });
});

describe('findQueueView', () => {
  const views = queueViews(counts);
  it.each([
    [null, 'abiertos', {}],
    ['vencidos', 'vencidos', { sla: 'breached' }],
    ['no-existe', 'abiertos', {}],
    ['buzon:kpt@dnp.gov.co', 'buzon:kpt@dnp.gov.co', { queue: 'kpt@dnp.gov.co' }],
  ])('%s → %s', (id, expectedId, filter) => {
    const view = findQueueView(views, id);
    expect(view.id).toBe(expectedId);
    expect(view.filter).toEqual(filter);
  });
});
