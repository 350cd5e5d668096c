import { actionRefusal, TICKET_MERGED, TICKET_VERSION_CONFLICT } from './ticket-action-guard';

describe('actionRefusal', () => {
  const ticket = { reference: 'MDA-2025-000001', version: 4, mergedIntoReference: null };

  it('lets an action through when the client saw the current version', () => {
    expect(actionRefusal(ticket, 4)).toBeNull();
  });

  it('lets an action that checks no version through', () => {
    expect(actionRefusal(ticket, undefined)).toBeNull();
  });

  it('refuses a stale version with 409 and the current version in the details', () => {
    const error = actionRefusal(ticket, 3);
    expect(error?.getStatus()).toBe(409);
    expect(error?.code).toBe(TICKET_VERSION_CONFLICT);
    expect(error?.details).toEqual({ currentVersion: 4, yourVersion: 3 });
    expect(error?.message).toContain('recárguelo');
  });

  it('refuses any action on a merged ticket, pointing at the survivor, even with the right version', () => {
    const error = actionRefusal({ ...ticket, mergedIntoReference: 'MDA-2025-000009' }, 4);
    expect(error?.getStatus()).toBe(409);
    expect(error?.code).toBe(TICKET_MERGED);
    expect(error?.details).toEqual({ mergedInto: 'MDA-2025-000009' });
  });
});
