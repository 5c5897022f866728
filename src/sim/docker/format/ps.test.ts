import { describe, expect, it } from 'vitest';
import type { Container } from '../types';
import { containerCommand, containerNames, displayablePorts, ellipsis, formatPs, goQuote, linkNamesByTarget, type PortSummary } from './ps';
import { tabwrite } from './tabwriter';
import { at, container, defaultNetworks, dockerState, endpoint, ip } from './fixtures.test-util';

const nets = defaultNetworks();
const bridge = nets[0]!;
const now = at('2026-11-22T12:10:00Z');
const onBridge = (last: number) => [{
  network: bridge.id,
  endpoint: endpoint({ id: String(last).repeat(64), network: bridge.id, ip: ip(`172.17.0.${last}`), prefix: 16, mac: `02:42:ac:11:00:0${last}` }),
}];

describe('tabwriter', () => {
  it('aligns the facts §9.3 sample exactly (minwidth 10, padding 3, last column unpadded)', () => {
    const rows = [
      ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
      ['67e46e910ba2', 'busybox', '"sh -c \'mkdir -p /ww…"', '13 seconds ago', 'Up 13 seconds', '0.0.0.0:8080->80/tcp, [::]:8080->80/tcp', 'web'],
      ['ef309edabb1f', 'busybox', '"sleep 3600"', '2 minutes ago', 'Up 2 minutes', '', 'c4'],
    ];
    expect(tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''))).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS          PORTS                                     NAMES\n' +
        '67e46e910ba2   busybox   "sh -c \'mkdir -p /ww…"   13 seconds ago   Up 13 seconds   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web\n' +
        'ef309edabb1f   busybox   "sleep 3600"             2 minutes ago    Up 2 minutes                                              c4\n',
    );
  });

  it('sizes a column per block of lines that have it', () => {
    expect(tabwrite('a\tb\nlong-long-long\n\nx\ty\n')).toBe('a         b\nlong-long-long\n\nx         y\n');
  });
});

describe('docker ps', () => {
  const web = container({
    id: '67e46e910ba2' + '0'.repeat(52), name: 'web', path: 'sh', args: ['-c', 'mkdir -p /www && echo hi > /www/index.html && httpd -f -p 80 -h /www'],
    created: now - 13_000, startedAt: now - 13_100, endpoints: onBridge(3),
    portSpecs: [{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: '8080' }],
    ports: [{ proto: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8080, network: bridge.id }],
  });
  const c4 = container({ id: 'ef309edabb1f' + '1'.repeat(52), name: 'c4', path: 'sleep', args: ['3600'], created: now - 150_000, startedAt: now - 149_500, endpoints: onBridge(2) });
  const old = container({ id: '71947abb5f7c' + '2'.repeat(52), name: 'old', path: 'sh', created: now - 7_200_000, startedAt: now - 7_100_000, finishedAt: now - 3 * 60_000, state: 'exited', exitCode: 1 });
  const fresh = container({ id: 'cd55bae5acce' + '3'.repeat(52), name: 'fresh', path: 'sh', created: now + 300, state: 'created' });
  const state = dockerState(nets, [fresh, old, c4, web]);

  it('prints running containers newest first with CLI 20.10 ports', () => {
    expect(formatPs(state, {}, now)).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS          PORTS                                   NAMES\n' +
        '67e46e910ba2   busybox   "sh -c \'mkdir -p /ww…"   13 seconds ago   Up 13 seconds   0.0.0.0:8080->80/tcp, :::8080->80/tcp   web\n' +
        'ef309edabb1f   busybox   "sleep 3600"             2 minutes ago    Up 2 minutes                                            c4\n',
    );
  });

  it('shows stopped and created containers with -a', () => {
    const lines = formatPs(state, { all: true }, now).split('\n');
    expect(lines[3]).toMatch(/^71947abb5f7c {3}busybox {3}"sh" {21}2 hours ago {14}Exited \(1\) 3 minutes ago {3}(?: {40})old$/);
    expect(lines[4]).toMatch(/^cd55bae5acce {3}busybox {3}"sh" +Less than a second ago {3}Created +fresh$/);
  });

  it('prints ids only with -q, full ids and commands with --no-trunc', () => {
    expect(formatPs(state, { quiet: true }, now)).toBe('67e46e910ba2\nef309edabb1f\n');
    expect(formatPs(state, { quiet: true, all: true, noTrunc: true }, now).split('\n')[3]).toBe(fresh.id);
    expect(formatPs(state, { noTrunc: true }, now)).toContain(`${web.id}   busybox   "sh -c 'mkdir -p /www && echo hi > /www/index.html && httpd -f -p 80 -h /www'"`);
    expect(formatPs(state, { last: 1 }, now).split('\n')[1]).toMatch(/^67e46e910ba2/);
  });

  it('hides link names unless --no-trunc (facts §5)', () => {
    const app = container({ id: '875eeddaff8a' + '4'.repeat(52), name: 'app', created: now - 1000, startedAt: now - 1000, links: [{ target: c4.id, alias: 'database' }], endpoints: onBridge(4) });
    const s = dockerState(nets, [c4, app]);
    expect(formatPs(s, {}, now)).toMatch(/ c4\n$/);
    expect(formatPs(s, { noTrunc: true }, now)).toMatch(/ c4,app\/database\n$/);
  });

  it('lists every link name a container was given, in the order the linking containers were created', () => {
    const link = (target: Container, alias: string) => ({ target: target.id, alias });
    const app = container({ id: '875eeddaff8a' + '4'.repeat(52), name: 'app', created: now - 1000, startedAt: now - 1000, links: [link(c4, 'database'), link(web, 'front')], endpoints: onBridge(4) });
    const api = container({ id: '975eeddaff8a' + '6'.repeat(52), name: 'api', created: now - 900, startedAt: now - 900, links: [link(c4, 'db')], endpoints: onBridge(6) });
    const s = dockerState(nets, [c4, web, app, api]);
    const names = formatPs(s, { noTrunc: true }, now).split('\n').slice(1, -1).map((l) => l.split(/ +/).at(-1));
    expect(names).toEqual(['api', 'app', 'web,app/front', 'c4,app/database,api/db']);
    // Asked for one container, without the index, it finds the same names.
    expect(containerNames(s, c4)).toEqual(['/c4', '/app/database', '/api/db']);
    expect(containerNames(s, c4, linkNamesByTarget(s))).toEqual(containerNames(s, c4));
  });

  it('reads each container a bounded number of times, however many there are (no per-row scan)', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      container({ id: i.toString(16).padStart(12, '0') + '7'.repeat(52), name: `c${i}`, created: now - 1000, startedAt: now - 1000 }));
    const s = dockerState(nets, many);
    let reads = 0;
    const counted = { ...s, containers: new Proxy(s.containers, { get: (t, k) => ((reads += 1), Reflect.get(t, k)) }) };
    expect(formatPs(counted, { noTrunc: true }, now).split('\n')).toHaveLength(302);
    expect(reads).toBeLessThanOrEqual(3 * many.length);
  });

  it('adds a SIZE column with -s', () => {
    expect(formatPs(state, { size: true }, now).split('\n')[0]).toMatch(/NAMES +SIZE$/);
    expect(formatPs(state, { size: true }, now).split('\n')[1]).toMatch(/web +0B \(virtual 4\.26MB\)$/);
  });

  it('shows an exposed-only port bare and nothing for stopped containers', () => {
    const n = container({ id: 'aaaaaaaaaaaa' + '5'.repeat(52), name: 'n', image: 'nginx', imageKey: 'nginx:latest', startedAt: now - 2000, created: now - 2000, endpoints: onBridge(5) });
    expect(formatPs(dockerState(nets, [n]), {}, now).split('\n')[1]).toMatch(/ 80\/tcp +n$/);
    const h = { ...n, networkMode: 'host', endpoints: [] } as Container;
    expect(formatPs(dockerState(nets, [h]), {}, now).split('\n')[1]).toMatch(/Up 2 seconds +n$/);
  });
});

describe('PORTS column (CLI ≤27.1 DisplayablePorts)', () => {
  const p = (privatePort: number, publicPort = 0, ipAddr = '', type = 'tcp'): PortSummary => ({ ip: ipAddr, privatePort, publicPort, type });
  const both = (priv: number, pub: number, type = 'tcp') => [p(priv, pub, '0.0.0.0', type), p(priv, pub, '::', type)];
  it.each([
    [[p(80)], '80/tcp'],
    [both(80, 8080), '0.0.0.0:8080->80/tcp, :::8080->80/tcp'],
    [both(80, 32768), '0.0.0.0:32768->80/tcp, :::32768->80/tcp'],
    [[p(80, 32770, '127.0.0.1')], '127.0.0.1:32770->80/tcp'],
    [both(80, 80), '0.0.0.0:80->80/tcp, :::80->80/tcp'],
    [[...both(5000, 5000), ...both(5001, 5001), ...both(5002, 5002)], '0.0.0.0:5000-5002->5000-5002/tcp, :::5000-5002->5000-5002/tcp'],
    [[...both(6000, 5000), ...both(6001, 5001)], '0.0.0.0:5000->6000/tcp, :::5000->6000/tcp, 0.0.0.0:5001->6001/tcp, :::5001->6001/tcp'],
    [both(53, 5353, 'udp'), '0.0.0.0:5353->53/udp, :::5353->53/udp'],
    [[p(3306), p(33060)], '3306/tcp, 33060/tcp'],
    [[p(443), p(80), ...both(8080, 8080)], '80/tcp, 443/tcp, 0.0.0.0:8080->8080/tcp, :::8080->8080/tcp'],
  ])('%j', (ports, out) => {
    expect(displayablePorts(ports)).toBe(out);
  });
});

describe('command column', () => {
  it('quotes args with spaces, then ellipsizes to 20 and Go-quotes', () => {
    const c = container({ id: 'x'.repeat(64), name: 'x', path: 'nginx', args: ['-g', 'daemon off;'] });
    expect(containerCommand(c)).toBe("nginx -g 'daemon off;'");
    expect(goQuote(ellipsis(containerCommand(c), 20))).toBe('"nginx -g \'daemon of…"');
    expect(goQuote(ellipsis('/bin/sh -c "while true; do sleep 3600;done"', 20))).toBe('"/bin/sh -c \\"while t…"');
    expect(goQuote('a\tb')).toBe('"a\\tb"');
  });
});
