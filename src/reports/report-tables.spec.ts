import { complianceTables, drillBase, groupDrill, groupLabel, NO_COMPLIANCE, orderedGroups, share, volumeTables } from './report-tables';
import type { ReportFilters } from './report.types';

const Q1: ReportFilters = { from: '2024-01-10', to: '2024-03-31', mailbox: 'kpt@dnp.gov.co', groupBy: 'month' };

describe('share', () => {
  it.each<[number, number, number | null]>([
    [0, 0, null],
    [3, 1, 0.75],
    [0, 4, 0],
    [5, 0, 1],
  ])('%i met, %i missed → %s', (met, missed, expected) => {
    expect(share(met, missed)).toBe(expected);
  });
});

describe('groups', () => {
  it.each<[Parameters<typeof groupDrill>[0], string, Record<string, string>]>([
    ['month', '2024-01-01', { from: '2024-01-10', to: '2024-01-31' }],
    ['week', '2024-03-25', { from: '2024-03-25', to: '2024-03-31' }],
    ['day', '2024-02-29', { from: '2024-02-29', to: '2024-02-29' }],
    ['category', 'tech', { category: 'tech' }],
    ['mailbox', 'planeacionterritorial@dnp.gov.co', { mailbox: 'planeacionterritorial@dnp.gov.co' }],
    ['agent', '', { agentId: 'unassigned' }],
    ['agent', '7', { agentId: '7' }],
    ['department', '', { department: 'none' }],
    ['department', '05', { department: '05' }],
  ])('a %s group %j narrows the drill to %j (clipped to the period)', (grouping, key, drill) => {
    expect(groupDrill(grouping, key, Q1)).toEqual(drill);
  });

  it.each<[Parameters<typeof groupLabel>[0], string, string]>([
    ['month', '2024-03-01', 'marzo de 2024'],
    ['category', 'formulation', 'Formulación y seguimiento'],
    ['agent', '', 'Sin asignar'],
    ['agent', '7', 'Ana Agente'],
    ['agent', '8', 'Cuenta 8'],
    ['department', '05', 'Antioquia (05)'],
    ['department', '', 'Sin entidad identificada'],
  ])('labels a %s group %j as %j', (grouping, key, label) => {
    expect(groupLabel(grouping, key, { agents: new Map([['7', 'Ana Agente']]), departments: new Map([['05', 'Antioquia']]) })).toBe(label);
  });

  it('shows every bucket of the period, and other groups by label with "none" last', () => {
    expect(orderedGroups('month', [], Q1)).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(orderedGroups('agent', ['', '9', '7'], Q1, { agents: new Map([['7', 'Zoe'], ['9', 'Ana']]) })).toEqual(['9', '7', '']);
  });

  it('starts every drill from the report filters, without the grouping', () => {
    expect(drillBase(Q1)).toEqual({ from: '2024-01-10', to: '2024-03-31', mailbox: 'kpt@dnp.gov.co' });
    expect(drillBase(Q1, { period: false })).toEqual({ mailbox: 'kpt@dnp.gov.co' });
  });
});

describe('complianceTables', () => {
  it('fills empty buckets with zeros and puts the outcome in each count drill', () => {
    const { tables, headline } = complianceTables(Q1, 'month', new Map([['2024-02-01', { ...NO_COMPLIANCE, received: 2, firstResponseMet: 1, firstResponseMissed: 1 }]]));
    expect(tables[0].rows.map((r) => [r.cells.group, r.cells.received, r.cells.firstResponseShare])).toEqual([
      ['enero de 2024', 0, null],
      ['febrero de 2024', 2, 0.5],
      ['marzo de 2024', 0, null],
    ]);
    expect(tables[0].rows[1].drill!.firstResponseMissed).toEqual({ from: '2024-02-01', to: '2024-02-29', mailbox: 'kpt@dnp.gov.co', firstResponseMet: 'false' });
    expect(headline.find((h) => h.key === 'firstResponseShare')!.value).toBe(0.5);
  });
});

describe('volumeTables', () => {
  it('carries the open count from day to day, and sums buckets inside the period only', () => {
    const days = new Map([
      ['2024-01-10', { received: 3, resolved: 1 }],
      ['2024-01-14', { received: 1, resolved: 2 }],
      ['2024-01-15', { received: 0, resolved: 1 }],
    ]);
    const filters: ReportFilters = { from: '2024-01-10', to: '2024-01-15', groupBy: 'week' };
    const { tables, headline } = volumeTables(filters, 'week', days, 5);
    expect(tables[0].rows.map((r) => [r.cells.group, r.cells.received, r.cells.resolved, r.cells.open])).toEqual([
      ['semana del 2024-01-08', 4, 3, 6],
      ['semana del 2024-01-15', 0, 1, 5],
    ]);
    expect(tables[0].rows[0].drill).toEqual({
      received: { from: '2024-01-10', to: '2024-01-14' },
      resolved: { resolvedFrom: '2024-01-10', resolvedTo: '2024-01-14' },
      open: { openOn: '2024-01-14' },
    });
    expect(headline.map((h) => [h.key, h.value])).toEqual([
      ['openAtStart', 5],
      ['received', 4],
      ['resolved', 4],
      ['openAtEnd', 5],
    ]);
  });
});
