import { digestId, groupIntoDigests, isWindowClosed } from '../src/domain/digest';
import { liveEvent } from './support/events';

const windowMs = 60_000;
const at = (iso: string) => new Date(iso);

describe('digest batching', () => {
  it('groups events per subscription per window into one digest payload', () => {
    const e1 = liveEvent();
    const e2 = liveEvent({ type: 'post.published' });
    const e3 = liveEvent();
    const e4 = liveEvent();
    const digests = groupIntoDigests(
      [
        { subscriptionId: 'sub-b', event: e4, at: at('2026-01-01T00:00:10Z') },
        { subscriptionId: 'sub-a', event: e2, at: at('2026-01-01T00:00:40Z') },
        { subscriptionId: 'sub-a', event: e1, at: at('2026-01-01T00:00:05Z') },
        { subscriptionId: 'sub-a', event: e3, at: at('2026-01-01T00:01:00Z') },
      ],
      windowMs,
    );
    expect(digests.map((d) => [d.subscriptionId, d.payload.windowStart, d.payload.events.map((e) => e.id)])).toEqual([
      ['sub-a', '2026-01-01T00:00:00.000Z', [e1.id, e2.id]],
      ['sub-a', '2026-01-01T00:01:00.000Z', [e3.id]],
      ['sub-b', '2026-01-01T00:00:00.000Z', [e4.id]],
    ]);
    expect(digests[0]!.payload).toMatchObject({ type: 'digest', tenantId: 'acme', windowEnd: '2026-01-01T00:01:00.000Z' });
  });

  it('includes a redelivered event once', () => {
    const event = liveEvent();
    const digests = groupIntoDigests(
      [
        { subscriptionId: 's', event, at: at('2026-01-01T00:00:01Z') },
        { subscriptionId: 's', event, at: at('2026-01-01T00:00:02Z') },
      ],
      windowMs,
    );
    expect(digests).toHaveLength(1);
    expect(digests[0]!.payload.events).toHaveLength(1);
  });

  it('uses the event time when no queue time is given', () => {
    const event = { ...liveEvent(), time: '2026-01-01T00:05:30Z' };
    const [digest] = groupIntoDigests([{ subscriptionId: 's', event }], windowMs);
    expect(digest!.payload.windowStart).toBe('2026-01-01T00:05:00.000Z');
  });

  it('gives a digest a stable uuid-shaped id per subscription and window', () => {
    expect(digestId('s', 0)).toBe(digestId('s', 0));
    expect(digestId('s', 0)).not.toBe(digestId('s', windowMs));
    expect(digestId('s', 0)).not.toBe(digestId('t', 0));
    expect(digestId('s', 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('knows when a window is closed', () => {
    expect(isWindowClosed(0, windowMs, windowMs - 1)).toBe(false);
    expect(isWindowClosed(0, windowMs, windowMs)).toBe(true);
  });
});
