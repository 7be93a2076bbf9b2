import { detectLanguage, normalizeLanguageTag } from '../src/domain/language-detector';

describe('detectLanguage', () => {
  it.each([
    ['en', 'The central bank left its benchmark interest rate unchanged on Wednesday and signalled two cuts later this year.'],
    ['de', 'Die Bundesregierung hat am Mittwoch einen neuen Haushaltsentwurf vorgelegt, der deutliche Einsparungen vorsieht.'],
    ['fr', 'La Banque centrale européenne a maintenu ses taux directeurs inchangés jeudi, malgré le ralentissement de l’inflation.'],
    ['es', 'El gobierno anunció nuevas medidas económicas para frenar la inflación y apoyar a las familias más vulnerables.'],
  ])('detects %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('trusts the language the feed declares', () => {
    expect(detectLanguage('The central bank left its benchmark interest rate unchanged.', 'de-DE')).toBe('de');
  });

  it('ignores an invalid declaration and detects instead', () => {
    expect(detectLanguage('The central bank left its benchmark interest rate unchanged on Wednesday.', 'english')).toBe('en');
  });

  it('does not guess from a handful of characters', () => {
    expect(detectLanguage('Apple')).toBeUndefined();
  });
});

describe('normalizeLanguageTag', () => {
  it('reduces tags to ISO 639-1', () => {
    expect(normalizeLanguageTag('en-US')).toBe('en');
    expect(normalizeLanguageTag('PT_br')).toBe('pt');
    expect(normalizeLanguageTag(' fr ')).toBe('fr');
    expect(normalizeLanguageTag('eng')).toBeUndefined();
    expect(normalizeLanguageTag(undefined)).toBeUndefined();
  });
});

describe('detectLanguage beyond the function-word languages', () => {
  it.each([
    ['ru', 'Центральный банк сохранил ключевую ставку без изменений и сигнализировал о снижении в этом году.'],
    ['ja', '中央銀行は水曜日、政策金利を据え置き、年内に二回の利下げを示唆した。'],
    ['pt', 'O governo anunciou novas medidas para conter a inflação e apoiar as famílias mais vulneráveis do país.'],
    ['it', 'Il governo italiano ha approvato la legge di bilancio che prevede nuovi tagli alle tasse per le famiglie.'],
    ['nl', 'De regering heeft woensdag een nieuwe begroting gepresenteerd die ook bezuinigingen op de zorg bevat.'],
  ])('detects %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
