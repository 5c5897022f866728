import { describe, expect, it } from 'vitest';
import { formatPort } from './port';
import { container, defaultNetworks, endpoint, ip } from './fixtures.test-util';

const bridge = defaultNetworks()[0]!;
const web = container({
  id: 'a'.repeat(64), name: 'web',
  endpoints: [{ network: bridge.id, endpoint: endpoint({ id: 'e'.repeat(64), network: bridge.id, ip: ip('172.17.0.2'), prefix: 16 }) }],
  exposed: ['443/tcp'],
  portSpecs: [{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: '8080' }, { proto: 'udp', containerPort: 53, hostIp: '127.0.0.1', hostPort: '' }],
  ports: [
    { proto: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8080, network: bridge.id },
    { proto: 'udp', containerPort: 53, hostIp: '127.0.0.1', hostPort: 32768, network: bridge.id },
  ],
});
const text = (r: ReturnType<typeof formatPort>): string => (r.ok ? r.text : `ERR(${r.exitCode}) ${r.error}`);

describe('docker port', () => {
  it('lists every published binding, naturally sorted (facts §7.1)', () => {
    expect(text(formatPort(web))).toBe('53/udp -> 127.0.0.1:32768\n80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n');
  });

  it('prints one port\'s bindings', () => {
    expect(text(formatPort(web, '80'))).toBe('0.0.0.0:8080\n:::8080\n');
    expect(text(formatPort(web, '80/tcp'))).toBe('0.0.0.0:8080\n:::8080\n');
    expect(text(formatPort(web, '53/udp'))).toBe('127.0.0.1:32768\n');
  });

  it.each([
    ['81', "ERR(1) Error: No public port '81/tcp' published for web"],
    ['80/udp', "ERR(1) Error: No public port '80/udp' published for web"],
    ['443', "ERR(1) Error: No public port '443/tcp' published for web"],
    ['abc', 'ERR(1) strconv.ParseUint: parsing "abc": invalid syntax'],
  ])('fails for %s', (arg, err) => {
    expect(text(formatPort(web, arg))).toBe(err);
  });

  it('echoes the container as named and has nothing once stopped', () => {
    expect(text(formatPort(web, '81', 'aaaa'))).toBe("ERR(1) Error: No public port '81/tcp' published for aaaa");
    expect(text(formatPort({ ...web, state: 'exited' }))).toBe('');
  });
});
