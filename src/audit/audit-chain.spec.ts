import fc from 'fast-check';
import { canonicalJson, ChainedEvent, eventHash, GENESIS_HASH, verifyChain } from './audit-chain';

function chain(actions: string[]): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  actions.forEach((action, i) => {
    const event = { seq: i + 1, occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorUserId: 'u1', action, subjectId: null, data: { i, action }, prevHash };
    const hash = eventHash(event);
    events.push({ ...event, hash });
    prevHash = hash;
  });
  return events;
}

describe('audit hash chain', () => {
  it('writes JSON canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 3, e: '4' }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":"4","f":3}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain(['A', 'B', 'C']))).toEqual({ valid: true, checked: 3, firstBrokenAt: null });
    expect(verifyChain([])).toEqual({ valid: true, checked: 0, firstBrokenAt: null });
  });

  it('finds the first event whose content, link or place was changed', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 2, maxLength: 12 }), fc.nat(), fc.constantFrom('data', 'action', 'delete', 'swap'), (actions, at, tamper) => {
        const events = chain(actions);
        const i = at % (events.length - 1);
        if (tamper === 'data') events[i] = { ...events[i], data: { forged: true } };
        if (tamper === 'action') events[i] = { ...events[i], action: `${events[i].action}!` };
        if (tamper === 'delete') events.splice(i, 1);
        if (tamper === 'swap') [events[i], events[i + 1]] = [events[i + 1], events[i]];
        expect(verifyChain(events)).toEqual({ valid: false, checked: i, firstBrokenAt: i + 1 });
      }),
    );
  });
});
