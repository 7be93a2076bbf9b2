import { ValidationError } from '@pulse/errors';
import { assertTimeZone, pickBestHours } from '../src/domain/best-posting-hour';

describe('pickBestHours', () => {
  it('picks the hour with the highest mean among hours with enough samples', () => {
    const [tech] = pickBestHours(
      [
        { niche: 'tech', hour: 14, samples: 1, meanInteractions: 50 },
        { niche: 'tech', hour: 9, samples: 3, meanInteractions: 10 },
        { niche: 'tech', hour: 18, samples: 4, meanInteractions: 3 },
      ],
      'UTC',
      3,
    );
    expect(tech).toMatchObject({ niche: 'tech', bestHour: 9, meanInteractions: 10, samples: 3, timeZone: 'UTC' });
    expect(tech?.hours.map((h) => h.hour)).toEqual([9, 14, 18]);
  });

  it('has no best hour while no hour reaches the minimum sample', () => {
    const [tech] = pickBestHours([{ niche: 'tech', hour: 14, samples: 2, meanInteractions: 50 }], 'UTC', 3);
    expect(tech).toMatchObject({ bestHour: null, meanInteractions: null, samples: 0 });
  });

  it('breaks ties by the larger sample, then the earlier hour', () => {
    const [a, b] = pickBestHours(
      [
        { niche: 'a', hour: 8, samples: 5, meanInteractions: 4 },
        { niche: 'a', hour: 7, samples: 6, meanInteractions: 4 },
        { niche: 'b', hour: 22, samples: 5, meanInteractions: 4 },
        { niche: 'b', hour: 3, samples: 5, meanInteractions: 4 },
      ],
      'UTC',
      5,
    );
    expect(a?.bestHour).toBe(7);
    expect(b?.bestHour).toBe(3);
  });

  it('rejects a minimum sample below one', () => {
    expect(() => pickBestHours([], 'UTC', 0)).toThrow(ValidationError);
  });
});

describe('assertTimeZone', () => {
  it('accepts IANA zones and rejects unknown names', () => {
    expect(() => assertTimeZone('Europe/Berlin')).not.toThrow();
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(ValidationError);
  });
});
