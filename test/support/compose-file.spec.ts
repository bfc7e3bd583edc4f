import { hostsOf, natsBlock, natsIncludes, natsObjects, natsSetting } from './compose-file';

describe('compose-file: reading a NATS configuration', () => {
  const text = [
    'server_name: $IREN_SERVER_NAME',
    'listen: 0.0.0.0:4222',
    'jetstream {',
    '  store_dir: "/data/jetstream"',
    '  domain: kz',
    '}',
    'include ./auth.conf',
    'include accounts.conf',
    'resolver: { type: full, dir: "/data/resolver", allow_delete: false }',
    'leafnodes {',
    '  listen: 0.0.0.0:7422',
    '  remotes: [',
    '    {',
    '      urls: [nats-leaf://nats-1:7422, nats-leaf://nats-2:7422]',
    '      account: $IREN_ACCOUNT',
    '      tls { ca_file: "/etc/nats/ca.pem" }',
    '    }',
    '    { urls: [nats-leaf://nats-3:7422], account: $SYS_ACCOUNT }',
    '  ]',
    '}',
  ].join('\n');

  it('finds a block by its key, nested blocks and all, and nothing for a key it lacks', () => {
    expect(natsBlock(text, 'jetstream')?.trim()).toBe('store_dir: "/data/jetstream"\n  domain: kz');
    const leafnodes = natsBlock(text, 'leafnodes') ?? '';
    expect(leafnodes).toContain('$SYS_ACCOUNT');
    expect(natsBlock(leafnodes, 'remotes')?.trim().startsWith('{')).toBe(true);
    expect(natsBlock(text, 'cluster')).toBeUndefined();
  });

  it('reads a setting unquoted, up to a comma, without taking a longer key that ends with it', () => {
    expect(natsSetting(natsBlock(text, 'jetstream')!, 'store_dir')).toBe('/data/jetstream');
    const resolver = natsBlock(text, 'resolver')!;
    expect(natsSetting(resolver, 'type')).toBe('full');
    expect(natsSetting(resolver, 'dir')).toBe('/data/resolver');
    expect(natsSetting(text, 'listen')).toBe('0.0.0.0:4222');
    expect(natsSetting(natsBlock(text, 'leafnodes')!, 'listen')).toBe('0.0.0.0:7422');
    expect(natsSetting(text, 'server_name')).toBe('$IREN_SERVER_NAME');
    expect(natsSetting(text, 'advertise')).toBeUndefined();
  });

  it('splits a list into its objects, each with its own settings and blocks', () => {
    const remotes = natsObjects(natsBlock(natsBlock(text, 'leafnodes')!, 'remotes')!);
    expect(remotes.map((remote) => natsSetting(remote, 'account'))).toEqual(['$IREN_ACCOUNT', '$SYS_ACCOUNT']);
    expect(natsBlock(remotes[0], 'urls')).toBe('nats-leaf://nats-1:7422, nats-leaf://nats-2:7422');
    expect(natsBlock(remotes[0], 'tls')).toBeDefined();
    expect(natsBlock(remotes[1], 'tls')).toBeUndefined();
  });

  it('lists the included files as named, without a leading ./', () => {
    expect(natsIncludes(text)).toEqual(['auth.conf', 'accounts.conf']);
  });

  it('names the services of a server list', () => {
    expect(hostsOf('nats://nats-1:4222, nats://nats-2:4222')).toEqual(['nats-1', 'nats-2']);
    expect(hostsOf('postgres://iren:secret@postgres-kz:5432/iren')).toEqual(['postgres-kz']);
  });
});
