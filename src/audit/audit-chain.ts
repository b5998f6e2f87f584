import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  action: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every depth, so the same data always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Each event's hash covers its content and the previous event's hash, so no event can change unseen. */
export function eventHash(event: Omit<ChainedEvent, 'hash'>): string {
  const content = [event.prevHash, String(event.seq), event.occurredAt.toISOString(), event.actorUserId ?? '', event.action, event.subjectId ?? '', canonicalJson(event.data)].join('\n');
  return createHash('sha256').update(content).digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The sequence number of the first event whose link or content does not hold. */
  firstBrokenAt: number | null;
}

/** Walks a cooperative's events in sequence order and checks every link and hash. */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq || event.prevHash !== prevHash || eventHash(event) !== event.hash) {
      return { valid: false, checked: expectedSeq - 1, firstBrokenAt: expectedSeq };
    }
    prevHash = event.hash;
    expectedSeq++;
  }
  return { valid: true, checked: events.length, firstBrokenAt: null };
}
