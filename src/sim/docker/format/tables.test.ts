import { describe, expect, it } from 'vitest';
import { formatImages, formatNetworkLs } from './tables';
import { naturalCompare } from './natural-sort';
import { container, defaultNetworks, dockerState, endpoint, network } from './fixtures.test-util';

const text = (r: ReturnType<typeof formatNetworkLs>): string => (r.ok ? r.text : `ERR(${r.exitCode}) ${r.error}`);

describe('docker network ls', () => {
  const nets = defaultNetworks();
  it('prints the fresh daemon sample (facts §1.1)', () => {
    expect(text(formatNetworkLs(dockerState(nets)))).toBe(
      'NETWORK ID     NAME      DRIVER    SCOPE\n' +
        '5fce52a9c14b   bridge    bridge    local\n' +
        '1b949174d8f0   host      host      local\n' +
        '4a9af9722449   none      null      local\n',
    );
  });

  const user = [
    network({ id: '94668eb8bdf0' + '1'.repeat(52), name: 'net10', labels: { env: 'dev' } }),
    network({ id: '18de1675e106' + '2'.repeat(52), name: 'net2' }),
    network({ id: '190e313cd2d0' + '3'.repeat(52), name: 'test-bridge' }),
  ];
  const c = container({ id: 'c'.repeat(64), name: 'c', endpoints: [{ network: user[1]!.id, endpoint: endpoint({ id: 'e'.repeat(64), network: user[1]!.id }) }] });
  const state = dockerState([...nets, ...user], [c]);

  it('sorts by name in natural order and widens columns to fit', () => {
    expect(text(formatNetworkLs(state))).toBe(
      'NETWORK ID     NAME          DRIVER    SCOPE\n' +
        '5fce52a9c14b   bridge        bridge    local\n' +
        '1b949174d8f0   host          host      local\n' +
        '18de1675e106   net2          bridge    local\n' +
        '94668eb8bdf0   net10         bridge    local\n' +
        '4a9af9722449   none          null      local\n' +
        '190e313cd2d0   test-bridge   bridge    local\n',
    );
  });

  it('prints ids with -q and full ids with --no-trunc', () => {
    expect(text(formatNetworkLs(state, { quiet: true })).split('\n').slice(0, 3)).toEqual(['5fce52a9c14b', '1b949174d8f0', '18de1675e106']);
    expect(text(formatNetworkLs(dockerState(nets), { quiet: true, noTrunc: true })).split('\n')[0]).toBe(nets[0]!.id);
  });

  it.each([
    [['driver=bridge'], ['bridge', 'net2', 'net10', 'test-bridge']],
    [['driver=null', 'driver=host'], ['host', 'none']],
    [['name=net'], ['net2', 'net10']],
    [['name=^n.t1'], ['net10']],
    [['type=custom'], ['net2', 'net10', 'test-bridge']],
    [['type=builtin', 'driver=bridge'], ['bridge']],
    [['id=18de'], ['net2']],
    [['label=env'], ['net10']],
    [['label=env=prod'], []],
    [['dangling=true'], ['net10', 'test-bridge']],
  ])('filters %j', (filters, names) => {
    const out = text(formatNetworkLs(state, { filters }));
    expect(out.split('\n').slice(1, -1).map((l) => l.split(/ +/)[1])).toEqual(names);
  });

  it.each([
    [['foo=bar'], "ERR(1) Error response from daemon: Invalid filter 'foo'"],
    [['type=x'], "ERR(1) Error response from daemon: Invalid filter: 'type'='x'"],
    [['driver'], 'ERR(125) invalid argument "driver" for "-f, --filter" flag: bad format of filter (expected name=value)'],
  ])('rejects %j', (filters, err) => {
    expect(text(formatNetworkLs(state, { filters }))).toBe(err);
  });
});

describe('docker images', () => {
  it('prints pulled images newest first', () => {
    const out = formatImages(dockerState([], [], ['busybox:latest', 'centos:7', 'nginx:latest']));
    expect(out).toBe(
      'REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n' +
        'busybox      latest    a416a98b71e2   2 weeks ago   4.26MB\n' +
        'nginx        latest    d1a364dc548d   4 weeks ago   141MB\n' +
        'centos       7         eeb6ee3f44bd   2 years ago   204MB\n',
    );
    expect(formatImages(dockerState([], [], ['busybox:latest']), { quiet: true })).toBe('a416a98b71e2\n');
    expect(formatImages(dockerState([]))).toBe('REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n');
  });
});

describe('natural order', () => {
  it('compares digit runs by value (sortorder.NaturalLess)', () => {
    expect(['net10', 'net2', 'net1', 'a', 'net01', 'Net3', 'n'].sort(naturalCompare)).toEqual(['Net3', 'a', 'n', 'net1', 'net01', 'net2', 'net10']);
  });
});
