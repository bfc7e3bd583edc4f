import { ExchangeNames } from '@iren/contracts';
import { RouterPlacement } from './router-placement';

const names = new ExchangeNames('iren');
const hub = new RouterPlacement({ at: 'hub', sites: ['KZ', 'UZ'] }, names);
const kz = new RouterPlacement({ at: 'site', country: 'KZ' }, names);
const plainHub = new RouterPlacement({ at: 'hub', sites: [] }, names);

const inbox = (node: string) => ({ subject: `iren.inbox.${node}`, vouchedAs: `iren.inbox.${node}` });

describe('RouterPlacement', () => {
  it('at a hub without sites, delivers to everyone on their inbox subject and answers for every publisher', () => {
    expect(plainHub.deliveryTo('KZ-PCU-AKTAU', 'AZ-PCU-BAKU')).toEqual(inbox('KZ-PCU-AKTAU'));
    expect(plainHub.deliveryTo('KZ-PCU-AKTAU')).toEqual(inbox('KZ-PCU-AKTAU'));
    expect(plainHub.servesPublisher('KZ-PCU-AKTAU')).toBe(true);
    expect(plainHub.eventMsgId('m:routed')).toBe('m:routed');
    expect(plainHub.atHub).toBe(true);
    expect(plainHub.site).toBeUndefined();
  });

  it("at the hub, delivers to a site's node through the site's stream, vouched for as its inbox, unless it was sent inside that site", () => {
    expect(hub.deliveryTo('AZ-PCU-BAKU', 'KZ-PCU-AKTAU')).toEqual(inbox('AZ-PCU-BAKU'));
    expect(hub.deliveryTo('KZ-HQ-ASTANA', 'AZ-PCU-BAKU')).toEqual({
      subject: 'iren.site.KZ.inbox.KZ-HQ-ASTANA',
      vouchedAs: 'iren.inbox.KZ-HQ-ASTANA',
    });
    // From one site to another, through the hub.
    expect(hub.deliveryTo('UZ-HQ-TASHKENT', 'KZ-PCU-AKTAU')?.subject).toBe('iren.site.UZ.inbox.UZ-HQ-TASHKENT');
    // Inside Kazakhstan: the site's router delivers it.
    expect(hub.deliveryTo('KZ-HQ-ASTANA', 'KZ-PCU-AKTAU')).toBeUndefined();
    // A HIT, the network's own: through the site.
    expect(hub.deliveryTo('KZ-HQ-ASTANA')?.subject).toBe('iren.site.KZ.inbox.KZ-HQ-ASTANA');
    expect(hub.servesPublisher('AZ-PCU-BAKU')).toBe(true);
    expect(hub.servesPublisher('KZ-PCU-AKTAU')).toBe(false);
  });

  it("at a site, delivers to its own country's nodes only, and marks its events' ids with the site", () => {
    expect(kz.deliveryTo('KZ-HQ-ASTANA', 'KZ-PCU-AKTAU')).toEqual(inbox('KZ-HQ-ASTANA'));
    expect(kz.deliveryTo('AZ-PCU-BAKU', 'KZ-PCU-AKTAU')).toBeUndefined();
    expect(kz.servesPublisher('KZ-PCU-AKTAU')).toBe(true);
    expect(kz.servesPublisher('AZ-PCU-BAKU')).toBe(false);
    expect(kz.eventMsgId('m:routed')).toBe('m:routed@KZ');
    expect(kz.eventMsgId('rejected:17')).not.toBe(hub.eventMsgId('rejected:17'));
    expect(kz.atHub).toBe(false);
    expect(kz.site).toBe('KZ');
  });
});
