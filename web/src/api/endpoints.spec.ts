import { endpointUrl } from './endpoints';

describe('endpointUrl', () => {
  it('fills path parameters, encoded', () => {
    expect(endpointUrl('ticketDetail', { reference: 'MDA-2024-000123' })).toBe('/api/tickets/MDA-2024-000123');
    expect(endpointUrl('ticketDetail', { reference: 'a/b?c' })).toBe('/api/tickets/a%2Fb%3Fc');
  });

  it('adds the declared query parameters and skips empty ones', () => {
    expect(endpointUrl('listTickets', {}, { assignee: 'me', sla: undefined, limit: 50, queue: '' })).toBe('/api/tickets?assignee=me&limit=50');
    expect(endpointUrl('search', {}, { q: 'contraseña sispt' })).toBe('/api/search?q=contrase%C3%B1a+sispt');
  });

  it('refuses a missing path parameter or an undeclared query parameter', () => {
    expect(() => endpointUrl('take')).toThrow('Falta el parámetro reference de take');
    expect(() => endpointUrl('listTickets', {}, { pagina: 2 })).toThrow('listTickets no acepta el parámetro pagina');
  });
});
