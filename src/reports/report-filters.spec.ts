import { parseDrill, parseReportFilters, ReportFilterError } from './report-filters';

const problemsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error: unknown) {
    if (error instanceof ReportFilterError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseReportFilters', () => {
  it('keeps what was asked, normalized', () => {
    expect(parseReportFilters({ from: '2024-01-01', to: '2024-12-31', mailbox: 'KPT@dnp.gov.co', agentId: 'unassigned', department: 'none', groupBy: 'week' })).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      mailbox: 'kpt@dnp.gov.co',
      agentId: 'unassigned',
      department: 'none',
      groupBy: 'week',
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['no period', {}, 'from es obligatorio (fecha AAAA-MM-DD)'],
    ['a day that does not exist', { from: '2023-02-29', to: '2023-03-01' }, 'from debe ser una fecha AAAA-MM-DD válida'],
    ['from after to', { from: '2024-02-01', to: '2024-01-31' }, 'from (2024-02-01) no puede ser posterior a to (2024-01-31)'],
    ['more than three years', { from: '2021-01-01', to: '2024-01-05' }, 'el periodo no puede pasar de 1096 días (tres años)'],
    ['an unknown category', { from: '2024-01-01', to: '2024-01-31', category: 'otros' }, 'category debe ser una de: users, tech, formulation, unclassified'],
    ['a municipality as department', { from: '2024-01-01', to: '2024-01-31', department: '05001' }, 'department debe ser un código DIVIPOLA de 2 dígitos o none'],
    ['a bad agent', { from: '2024-01-01', to: '2024-01-31', agentId: 'ana' }, 'agent debe ser el id de una cuenta o unassigned'],
    ['a bad grouping', { from: '2024-01-01', to: '2024-01-31', groupBy: 'year' }, 'groupBy debe ser uno de: day, week, month, category, mailbox, agent, department'],
  ])('refuses %s', (_label, input, problem) => {
    expect(problemsOf(() => parseReportFilters(input))).toContain(problem);
  });

  it('accepts exactly three years (2024 is a leap year: 366 + 365 + 365)', () => {
    expect(problemsOf(() => parseReportFilters({ from: '2024-01-01', to: '2026-12-31' }))).toEqual([]);
  });
});

describe('parseDrill', () => {
  it('reads every kind of figure a report links to', () => {
    expect(
      parseDrill({
        from: '2024-03-01',
        to: '2024-03-31',
        firstResponseMet: 'false',
        timed: 'resolution',
        resolvedFrom: '2024-04-01',
        openOn: '2024-03-31',
        state: 'at-risk',
        ageBand: '2-5',
        asOf: '2024-04-03T17:00:00.000Z',
        rule: 'none',
        routedCategory: 'tech',
        recategorized: 'true',
        retiredMailFrom: '2024-02-05',
        retiredMailTo: '2024-02-11',
        arrivedAfterCutover: 'true',
      }),
    ).toEqual({
      from: '2024-03-01',
      to: '2024-03-31',
      firstResponseMet: false,
      timed: 'resolution',
      resolvedFrom: '2024-04-01',
      openOn: '2024-03-31',
      state: 'at-risk',
      ageBand: '2-5',
      asOf: new Date('2024-04-03T17:00:00.000Z'),
      rule: null,
      routedCategory: 'tech',
      recategorized: true,
      retiredMailFrom: '2024-02-05',
      retiredMailTo: '2024-02-11',
      arrivedAfterCutover: true,
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown key', { groupBy: 'month' }, 'filtro desconocido: groupBy'],
    ['a flag that is not true or false', { legalMet: 'si' }, 'legalMet debe ser true o false'],
    ['an unknown state', { state: 'late' }, 'state debe ser uno de: open, at-risk, breached'],
    ['an unknown age band', { ageBand: '16-20' }, 'ageBand debe ser uno de: 0-1, 2-5, 6-10, 11-15, 16+'],
    ['resolved days the wrong way round', { resolvedFrom: '2024-02-02', resolvedTo: '2024-02-01' }, 'resolvedFrom (2024-02-02) no puede ser posterior a resolvedTo (2024-02-01)'],
  ])('refuses %s', (_label, input, problem) => {
    expect(problemsOf(() => parseDrill(input))).toContain(problem);
  });
});
