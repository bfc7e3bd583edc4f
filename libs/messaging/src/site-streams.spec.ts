import { ExchangeNames } from '@iren/contracts';
import { fromHubStreamConfig, registryMirrorConfig } from './site-streams';
import { DEFAULT_STREAM_SETTINGS, siteStreamConfig, streamConfig } from './streams';

const names = new ExchangeNames('iren');
const settings = { replicas: 3, maxBytes: 64 * 1024 ** 2 };

describe(streamConfig.name, () => {
  it("sources each site's EXCHANGE and EVENTS into the hub's, keeping the hub's own subjects", () => {
    const exchange = streamConfig(names, 'EXCHANGE', { ...settings, sites: ['KZ', 'UZ'] });
    expect(exchange.subjects).toEqual(['iren.pub.>']);
    expect(exchange.sources).toEqual([
      { name: 'iren_EXCHANGE', external: { api: '$JS.kz.API', deliver: 'iren.link.KZ' } },
      { name: 'iren_EXCHANGE', external: { api: '$JS.uz.API', deliver: 'iren.link.UZ' } },
    ]);
    expect(streamConfig(names, 'EVENTS', { ...settings, sites: ['KZ'] }).sources).toEqual([
      { name: 'iren_EVENTS', external: { api: '$JS.kz.API', deliver: 'iren.link.KZ' } },
    ]);
  });

  it('sources nothing into INBOX and DLQ, nor anything without sites (the configuration as before)', () => {
    expect(streamConfig(names, 'INBOX', { ...settings, sites: ['KZ'] })).toEqual(
      streamConfig(names, 'INBOX', settings),
    );
    expect(streamConfig(names, 'DLQ', { ...settings, sites: ['KZ'] }).sources).toBeUndefined();
    expect('sources' in streamConfig(names, 'EXCHANGE')).toBe(false);
    expect(() => streamConfig(names, 'EXCHANGE', { ...settings, sites: ['kz'] })).toThrow(/alpha-2/);
  });
});

describe(siteStreamConfig.name, () => {
  it("keeps what waits for one site under its own subjects, with INBOX's limits", () => {
    const site = siteStreamConfig(names, 'KZ', settings);
    const inbox = streamConfig(names, 'INBOX', settings);
    expect(site).toEqual({ ...inbox, name: 'iren_SITE_KZ', subjects: ['iren.site.KZ.>'] });
    expect(siteStreamConfig(names, 'KZ').num_replicas).toBe(DEFAULT_STREAM_SETTINGS.replicas);
  });
});

describe(fromHubStreamConfig.name, () => {
  it("sources the hub's stream of the site through the hub's domain, with no subjects of its own", () => {
    const fromHub = fromHubStreamConfig(names, 'KZ', settings);
    expect(fromHub).toMatchObject({ name: 'iren_FROM_HUB', subjects: [], num_replicas: 3 });
    expect(fromHub.sources).toEqual([
      { name: 'iren_SITE_KZ', external: { api: '$JS.hub.API', deliver: 'iren.link.KZ' } },
    ]);
  });
});

describe(registryMirrorConfig.name, () => {
  it('mirrors the registry bucket under its own name, as a bucket with one value per key that refuses deletes', () => {
    const mirror = registryMirrorConfig(names, 'KZ', settings);
    expect(mirror).toMatchObject({
      name: 'KV_iren_registry',
      max_msgs_per_subject: 1,
      max_msg_size: 256 * 1024,
      allow_rollup_hdrs: true,
      allow_direct: true,
      deny_delete: true,
      num_replicas: 3,
      mirror: { name: 'KV_iren_registry', external: { api: '$JS.hub.API', deliver: 'iren.link.KZ' } },
    });
    expect(mirror.subjects).toBeUndefined();
  });
});
