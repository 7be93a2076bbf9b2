import { ValidationError } from '@pulse/errors';
import { normalQuantile, wilsonInterval } from '../src/domain/wilson-interval';

describe('wilsonInterval', () => {
  it('gives the published 95% interval for 8 successes of 10 trials', () => {
    const interval = wilsonInterval(8, 10);
    expect(interval?.low).toBeCloseTo(0.4902, 4);
    expect(interval?.high).toBeCloseTo(0.9433, 4);
  });

  it('is symmetric around one half for 5 of 10', () => {
    const interval = wilsonInterval(5, 10)!;
    expect(interval.low).toBeCloseTo(0.2366, 4);
    expect(interval.high).toBeCloseTo(0.7634, 4);
    expect(interval.low + interval.high).toBeCloseTo(1, 12);
  });

  it('starts exactly at 0 for no successes and ends exactly at 1 for all successes', () => {
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
    expect(wilsonInterval(1, 1)).toEqual({ low: expect.closeTo(0.2065, 4), high: 1 });
  });

  it('widens with a higher confidence level', () => {
    const at95 = wilsonInterval(81, 263, 0.95)!;
    const at99 = wilsonInterval(81, 263, 0.99)!;
    expect(at95.low).toBeCloseTo(0.2553, 4);
    expect(at95.high).toBeCloseTo(0.3662, 4);
    expect(at99.low).toBeCloseTo(0.2401, 4);
    expect(at99.high).toBeCloseTo(0.3853, 4);
  });

  it('returns null without trials, since nothing is known', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('rejects impossible counts and confidence levels', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(ValidationError);
    expect(() => wilsonInterval(-1, 2)).toThrow(ValidationError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(ValidationError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(ValidationError);
  });
});

describe('normalQuantile', () => {
  it('matches the standard normal quantiles in the centre and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485, 7);
  });
});
