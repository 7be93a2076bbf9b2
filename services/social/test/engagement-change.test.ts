import { engagementChanged } from '../src/domain/engagement-change';

describe('engagementChanged', () => {
  const stored = { likes: 3, reposts: 1, replies: 0 };

  it('treats a first measurement, even all zeros, as a change', () => {
    expect(engagementChanged(null, { likes: 0, reposts: 0, replies: 0 })).toBe(true);
  });

  it('sees a counter moving either way, and ignores a repeat', () => {
    expect(engagementChanged(stored, { ...stored })).toBe(false);
    expect(engagementChanged(stored, { ...stored, likes: 4 })).toBe(true);
    expect(engagementChanged(stored, { ...stored, likes: 2 })).toBe(true);
    expect(engagementChanged(stored, { ...stored, replies: 1 })).toBe(true);
  });

  it('counts impressions only when the platform reports them', () => {
    expect(engagementChanged({ ...stored, impressions: 100 }, { ...stored })).toBe(false);
    expect(engagementChanged({ ...stored, impressions: 100 }, { ...stored, impressions: 100 })).toBe(false);
    expect(engagementChanged({ ...stored, impressions: 100 }, { ...stored, impressions: 150 })).toBe(true);
    expect(engagementChanged(stored, { ...stored, impressions: 10 })).toBe(true);
  });
});
