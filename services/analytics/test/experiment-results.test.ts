import { shapeExperimentResults } from '../src/domain/experiment-results';
import { wilsonInterval } from '../src/domain/wilson-interval';

const counts = (variant: string, measuredPosts: number, engagedPosts: number, experimentId = 'exp-1') => ({
  experimentId,
  variant,
  posts: measuredPosts + 2,
  measuredPosts,
  engagedPosts,
  interactions: engagedPosts * 3,
});

describe('shapeExperimentResults', () => {
  it('reports the engagement rate of measured posts with its Wilson interval, best variant first', () => {
    const [result] = shapeExperimentResults([counts('formal', 10, 2), counts('casual', 10, 8)]);
    expect(result?.experimentId).toBe('exp-1');
    expect(result?.posts).toBe(24);
    expect(result?.variants.map((v) => v.variant)).toEqual(['casual', 'formal']);
    expect(result?.variants[0]).toEqual({
      variant: 'casual',
      posts: 12,
      trials: 10,
      successes: 8,
      engagementRate: 0.8,
      interval: wilsonInterval(8, 10),
      meanInteractions: 2.4,
    });
  });

  it('names a winner only when its interval lies above all the others', () => {
    const overlapping = shapeExperimentResults([counts('casual', 10, 6), counts('formal', 10, 4)]);
    expect(overlapping[0]?.winner).toBeNull();
    const separated = shapeExperimentResults([counts('casual', 200, 150), counts('formal', 200, 40)]);
    expect(separated[0]?.winner).toBe('casual');
  });

  it('keeps a variant without measurements, with no rate and no interval', () => {
    const [result] = shapeExperimentResults([counts('casual', 5, 5), counts('question', 0, 0)]);
    const question = result?.variants.find((v) => v.variant === 'question');
    expect(question).toMatchObject({ trials: 0, engagementRate: null, interval: null, meanInteractions: null });
    expect(result?.winner).toBeNull();
  });

  it('separates experiments', () => {
    const results = shapeExperimentResults([counts('casual', 3, 1, 'b'), counts('casual', 3, 2, 'a')]);
    expect(results.map((r) => r.experimentId)).toEqual(['a', 'b']);
  });
});
