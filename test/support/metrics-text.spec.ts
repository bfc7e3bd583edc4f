import { parseSamples, sampleValue } from './metrics-text';

describe(parseSamples.name, () => {
  const text = [
    '# HELP iren_http_requests_total HTTP requests',
    '# TYPE iren_http_requests_total counter',
    'iren_http_requests_total{method="POST",route="/api/v1/messages",status="202",app="gateway"} 3',
    'iren_http_requests_total{method="GET",route="/api/v1/messages/:id",status="404",app="gateway"} 1',
    'iren_outbox_unsent_messages{app="gateway"} 0',
    'odd{note="a \\"quoted\\" value"} 1.5e-3',
    '',
  ].join('\n');

  it('reads every sample with its labels, and skips comments', () => {
    const samples = parseSamples(text);
    expect(samples).toHaveLength(4);
    expect(samples[3]).toEqual({ name: 'odd', labels: { note: 'a \\"quoted\\" value' }, value: 0.0015 });
  });

  it('finds a sample by some of its labels, and refuses an ambiguous question', () => {
    const samples = parseSamples(text);
    expect(sampleValue(samples, 'iren_http_requests_total', { method: 'POST', status: '202' })).toBe(3);
    expect(sampleValue(samples, 'iren_outbox_unsent_messages')).toBe(0);
    expect(sampleValue(samples, 'iren_http_requests_total', { status: '500' })).toBeUndefined();
    expect(() => sampleValue(samples, 'iren_http_requests_total', { app: 'gateway' })).toThrow(/2 samples/);
  });
});
