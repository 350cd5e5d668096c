import { MergeSide, planMerge } from './merge-plan';

const side = (over: Partial<MergeSide>): MergeSide => ({
  id: '1',
  reference: 'MDA-2025-000001',
  version: 3,
  status: 'open',
  receivedAt: new Date('2025-03-10T14:00:00Z'),
  tags: [],
  mergedIntoReference: null,
  ...over,
});

describe('planMerge', () => {
  const source = side({ id: '1', reference: 'MDA-2025-000001', receivedAt: new Date('2025-03-10T14:00:00Z'), tags: ['sispt', 'urgente'] });
  const survivor = side({ id: '2', reference: 'MDA-2025-000002', receivedAt: new Date('2025-03-11T09:00:00Z'), tags: ['boyacá', 'sispt'], version: 7 });

  it('gives the survivor the earliest receipt and both tags, and closes the merged ticket', () => {
    const decision = planMerge(source, survivor, 3);
    expect(decision).toEqual({
      ok: true,
      plan: { survivorReceivedAt: source.receivedAt, receivedAtMoved: true, survivorTags: ['boyacá', 'sispt', 'urgente'], closeSource: true },
    });
  });

  it('keeps the survivor receipt when it is already the earliest', () => {
    const decision = planMerge({ ...source, receivedAt: new Date('2025-03-12T09:00:00Z') }, survivor, 3);
    expect(decision.ok && decision.plan.survivorReceivedAt).toEqual(survivor.receivedAt);
    expect(decision.ok && decision.plan.receivedAtMoved).toBe(false);
  });

  it('does not close again a merged ticket that was already closed', () => {
    const decision = planMerge({ ...source, status: 'closed' }, survivor, 3);
    expect(decision.ok && decision.plan.closeSource).toBe(false);
  });

  it('refuses to merge a ticket into itself', () => {
    const decision = planMerge(source, source, 3);
    expect(!decision.ok && decision.error.code).toBe('TICKET_MERGE_SELF');
    expect(!decision.ok && decision.error.getStatus()).toBe(400);
  });

  it('refuses a stale version of the merged ticket', () => {
    const decision = planMerge(source, survivor, 2);
    expect(!decision.ok && decision.error.code).toBe('TICKET_VERSION_CONFLICT');
    expect(!decision.ok && decision.error.details).toEqual({ currentVersion: 3, yourVersion: 2 });
  });

  it('refuses to merge a ticket that was already merged', () => {
    const decision = planMerge({ ...source, mergedIntoReference: 'MDA-2025-000009' }, survivor, 3);
    expect(!decision.ok && decision.error.code).toBe('TICKET_MERGED');
  });

  it('refuses a survivor that was itself merged, naming where it went', () => {
    const decision = planMerge(source, { ...survivor, mergedIntoReference: 'MDA-2025-000009' }, 3);
    expect(!decision.ok && decision.error.code).toBe('TICKET_MERGE_TARGET_MERGED');
    expect(!decision.ok && decision.error.details).toEqual({ mergedInto: 'MDA-2025-000009' });
  });

  it('refuses a closed survivor', () => {
    const decision = planMerge(source, { ...survivor, status: 'closed' }, 3);
    expect(!decision.ok && decision.error.code).toBe('TICKET_MERGE_TARGET_CLOSED');
    expect(!decision.ok && decision.error.getStatus()).toBe(409);
  });
});
