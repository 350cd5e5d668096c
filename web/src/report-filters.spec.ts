import { bogotaToday, filtersFromSearch, filtersToApiQuery, filtersToSearch } from './report-filters';

const NOW = Date.parse('2024-03-05T02:00:00Z'); // 4 March 2024, 21:00 in Bogotá

describe('report filters in the URL', () => {
  it('defaults to this year so far, in Bogotá', () => {
    expect(bogotaToday(NOW)).toBe('2024-03-04');
    expect(filtersFromSearch(new URLSearchParams(''), NOW)).toEqual({ from: '2024-01-01', to: '2024-03-04' });
  });

  it('reads the Spanish keys and ignores a malformed period', () => {
    const search = new URLSearchParams('desde=2024-02-01&hasta=marzo&buzon=kpt@dnp.gov.co&agente=7&agrupar=week&otro=x');
    expect(filtersFromSearch(search, NOW)).toEqual({ from: '2024-02-01', to: '2024-03-04', mailbox: 'kpt@dnp.gov.co', agentId: '7', groupBy: 'week' });
  });

  it('round-trips through the URL, with extra parameters first', () => {
    const filters = { from: '2024-01-01', to: '2024-12-31', category: 'tech' as const, department: '05' };
    const search = filtersToSearch(filters, { informe: 'compliance' });
    expect(search).toBe('informe=compliance&desde=2024-01-01&hasta=2024-12-31&categoria=tech&departamento=05');
    expect(filtersFromSearch(new URLSearchParams(search), NOW)).toEqual(filters);
  });

  it('names the parameters as the API does and passes drill-only keys through', () => {
    expect(filtersToApiQuery({ from: '2024-01-01', to: '2024-01-31', agentId: '7', mailbox: '', firstResponseMet: 'false' })).toEqual({
      from: '2024-01-01',
      to: '2024-01-31',
      agent: '7',
      firstResponseMet: 'false',
    });
  });
});
