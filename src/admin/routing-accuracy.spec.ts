import { loadRoutingRules } from '../routing/load-routing-rules';
import shipped from '../routing/routing-rules.json';
import { accuracyOf, describeRoutingRules, RoutingOutcomeCount, ruleDescriptions } from './routing-accuracy';

const outcome = (ruleId: string | null, routed: RoutingOutcomeCount['routed'], final: RoutingOutcomeCount['final'], tickets: number): RoutingOutcomeCount => ({
  ruleId,
  routed,
  final,
  tickets,
});

describe('accuracyOf', () => {
  it.each<[string, RoutingOutcomeCount[], { decided: number; recategorized: number; accuracy: number | null }]>([
    ['no tickets decided: accuracy unknown, not 100 %', [], { decided: 0, recategorized: 0, accuracy: null }],
    ['every ticket kept its category', [outcome('r', 'users', 'users', 4)], { decided: 4, recategorized: 0, accuracy: 1 }],
    ['one of four moved', [outcome('r', 'users', 'users', 3), outcome('r', 'users', 'tech', 1)], { decided: 4, recategorized: 1, accuracy: 0.75 }],
    ['all moved', [outcome('r', 'tech', 'users', 2), outcome('r', 'tech', 'formulation', 1)], { decided: 3, recategorized: 3, accuracy: 0 }],
    ['one of three moved (not rounded)', [outcome('r', 'tech', 'tech', 2), outcome('r', 'tech', 'users', 1)], { decided: 3, recategorized: 1, accuracy: 1 - 1 / 3 }],
  ])('%s', (_label, counts, expected) => {
    expect(accuracyOf(counts)).toMatchObject(expected);
  });

  it('lists where the recategorized tickets went, most frequent first, and only those', () => {
    const result = accuracyOf([
      outcome('r', 'users', 'users', 10),
      outcome('r', 'users', 'tech', 1),
      outcome('r', 'users', 'formulation', 3),
      // The same pair from two rows (e.g. two versions of a rule's category) adds up.
      outcome('r', 'tech', 'users', 1),
      outcome('r', 'tech', 'users', 1),
    ]);
    expect(result.confusion).toEqual([
      { from: 'users', to: 'formulation', tickets: 3 },
      { from: 'tech', to: 'users', tickets: 2 },
      { from: 'users', to: 'tech', tickets: 1 },
    ]);
    expect(result.confusion.reduce((sum, c) => sum + c.tickets, 0)).toBe(result.recategorized);
  });
});

describe('describeRoutingRules', () => {
  const file = {
    version: '2024.test',
    thresholds: { minScore: 3, minMargin: 1 },
    zoneWeights: { subject: 2, body: 1, forwarded: 0.8, quoted: 0.25, signature: 0.1, attachments: 1 },
    mailboxBiases: [{ id: 'formulation.kpt-mailbox', description: 'Sesgo de kpt@', mailbox: 'kpt@dnp.gov.co', category: 'formulation', score: 2 }],
    rules: [
      { id: 'users.password', description: 'Contraseña', category: 'users', weight: 4, terms: ['contrasen*', 'clave'] },
      { id: 'tech.error', description: 'Error', category: 'tech', weight: 3, terms: ['error ... plataforma'] },
    ],
  };
  const rules = loadRoutingRules(file);

  it('shows every rule and bias in file order with its accuracy, then the fallback, then ids the file lost', () => {
    const view = describeRoutingRules(rules, ruleDescriptions(file), [
      outcome('users.password', 'users', 'users', 3),
      outcome('users.password', 'users', 'tech', 1),
      outcome(null, 'unclassified', 'unclassified', 2),
      outcome(null, 'unclassified', 'users', 2),
      outcome('tech.old-rule', 'tech', 'tech', 5),
    ]);
    expect(view.rulesVersion).toBe('2024.test');
    expect(view.thresholds).toEqual({ minScore: 3, minMargin: 1 });
    expect(view.rules.map((r) => [r.kind, r.id, r.decided, r.accuracy])).toEqual([
      ['rule', 'users.password', 4, 0.75],
      ['rule', 'tech.error', 0, null],
      ['mailbox-bias', 'formulation.kpt-mailbox', 0, null],
      ['fallback', null, 4, 0.5],
      ['retired', 'tech.old-rule', 5, 1],
    ]);
    expect(view.rules[0]).toEqual({
      id: 'users.password',
      kind: 'rule',
      category: 'users',
      description: 'Contraseña',
      weight: 4,
      terms: ['contrasen*', 'clave'],
      mailbox: null,
      decided: 4,
      recategorized: 1,
      accuracy: 0.75,
      confusion: [{ from: 'users', to: 'tech', tickets: 1 }],
    });
    expect(view.rules[2]).toMatchObject({ category: 'formulation', weight: 2, mailbox: 'kpt@dnp.gov.co', description: 'Sesgo de kpt@' });
    expect(view.rules[3]).toMatchObject({ category: 'unclassified', confusion: [{ from: 'unclassified', to: 'users', tickets: 2 }] });
    expect(view.rules[4]).toMatchObject({ category: null, description: expect.stringContaining('ya no está') });
  });

  it('describes the shipped rule file: every rule has a Spanish description', () => {
    const view = describeRoutingRules(loadRoutingRules(shipped), ruleDescriptions(shipped), []);
    const named = view.rules.filter((r) => r.kind === 'rule' || r.kind === 'mailbox-bias');
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((r) => r.description === '').map((r) => r.id)).toEqual([]);
  });
});

describe('ruleDescriptions', () => {
  it.each<[string, unknown, Record<string, string>]>([
    ['not an object', null, {}],
    ['rules and biases', { rules: [{ id: 'a', description: 'A' }], mailboxBiases: [{ id: 'b', description: 'B' }] }, { a: 'A', b: 'B' }],
    ['entries without a text description are skipped', { rules: [{ id: 'a' }, { id: 'c', description: 3 }, null] }, {}],
  ])('%s', (_label, file, expected) => {
    expect(ruleDescriptions(file)).toEqual(expected);
  });
});
