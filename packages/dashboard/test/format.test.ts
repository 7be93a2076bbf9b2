import { formatDuration, formatUsd, formatValue, labelFor } from '../public/js/format.js';

describe('counter formats', () => {
  it('labels known fields by name and unknown ones from their camelCase', () => {
    expect(labelFor('llmCostUsd')).toBe('LLM spend');
    expect(labelFor('dlqDepth')).toBe('DLQ depth');
    expect(labelFor('webhookDeliveriesFailed')).toBe('Webhook deliveries failed');
  });

  it('formats a value by what its field name says it is', () => {
    expect(formatValue('llmCostUsd', 12.5)).toBe('$12.50');
    expect(formatValue('p95PipelineLatencyMs', 850)).toBe('850 ms');
    expect(formatValue('articlesPerMinute', 6.87)).toBe('6.9');
    expect(formatValue('articles', 12345)).toBe('12,345');
    expect(formatValue('failures', null)).toBe('—');
  });

  it('shows the small cost of one summary to the hundredth of a cent', () => {
    expect(formatUsd(0.0041)).toBe('$0.0041');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('picks the unit of a duration by its size', () => {
    expect(formatDuration(12_300)).toBe('12.3 s');
    expect(formatDuration(270_000)).toBe('4.5 min');
    expect(formatDuration(7_560_000)).toBe('2.1 h');
  });
});
