import { describe, expect, it } from 'vitest';
import type { Container } from '../types';
import { containerInspect } from './container-inspect';
import { networkInspect } from './network-inspect';
import { compileTemplate, inspectFormat } from './template';
import { at, container, defaultNetworks, dockerState, endpoint, ip, network, subMs } from './fixtures.test-util';

const world = { clock: at('2026-11-22T12:10:00Z') };
const nets = defaultNetworks();
const bridge = nets[0]!;
const net1 = network({
  id: '18de1675e1066d375981d628eab5a3f5e51b2d7fc7ce1a7970693ee6c9843156', name: 'test-bridge', created: at('2026-11-22T12:04:26.486Z'),
  subnet: { addr: ip('172.19.0.0'), prefix: 16 }, gateway: ip('172.19.0.1'),
});
const ep = (net: string, last: string, id: string) =>
  endpoint({ id, network: net, ip: ip(last), prefix: 16, gateway: ip(last.replace(/\.\d+$/, '.1')), mac: '02:42:ac:11:00:02' });
const db = container({
  id: 'e6609b08845c0000000000000000000000000000000000000000000000000001', name: 'db', startedAt: at('2026-11-22T12:00:01Z'),
  sandboxId: 'a'.repeat(64), endpoints: [{ network: bridge.id, endpoint: ep(bridge.id, '172.17.0.2', '1'.repeat(64)) }],
});
const web: Container = container({
  id: '875eeddaff8a0000000000000000000000000000000000000000000000000002', name: 'app', image: 'nginx', imageKey: 'nginx:latest',
  path: '/docker-entrypoint.sh', args: ['nginx', '-g', 'daemon off;'], startedAt: at('2026-11-22T12:00:02Z'), sandboxId: 'b'.repeat(64),
  links: [{ target: db.id, alias: 'database' }],
  portSpecs: [{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: '8080' }],
  ports: [{ proto: 'tcp', containerPort: 80, hostIp: '0.0.0.0', hostPort: 8080, network: bridge.id }],
  endpoints: [
    { network: bridge.id, endpoint: ep(bridge.id, '172.17.0.8', '2'.repeat(64)) },
    { network: net1.id, endpoint: ep(net1.id, '172.19.0.3', '3'.repeat(64)) },
  ],
});
const state = dockerState([...nets, net1], [db, web]);
const app = containerInspect(world, state, web);
const plain = containerInspect(world, state, db);
const netRec = networkInspect(world, state, net1, { subMsNanos: () => subMs('2026-11-22T12:04:26.48689263Z') });

const fmt = (t: string, v: unknown = app) => {
  const r = inspectFormat(t, v);
  return r.ok ? r.text : `ERR(${r.exitCode}) ${r.error}`;
};

describe('inspectFormat', () => {
  it.each([
    ['{{.NetworkSettings.IPAddress}}', '172.17.0.8'],
    ['{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', '172.17.0.8 172.19.0.3 '],
    ['{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}};{{end}}', 'bridge=172.17.0.8;test-bridge=172.19.0.3;'],
    ['{{.HostConfig.Links}}', '[/db:/app/database]'],
    ['{{.Name}} {{.ID}}', `/app ${web.id}`],
    ['{{.Id}}', web.id],
    ['{{.State.Status}} {{.State.Running}} {{.State.ExitCode}}', 'running true 0'],
    ['{{.NetworkSettings.Ports}}', 'map[80/tcp:[{0.0.0.0 8080} {:: 8080}]]'],
    ['{{json .NetworkSettings.Ports}}', '{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"},{"HostIp":"::","HostPort":"8080"}]}'],
    ['{{index .NetworkSettings.Ports "80/tcp"}}', '[map[HostIp:0.0.0.0 HostPort:8080] map[HostIp::: HostPort:8080]]'],
    ['{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}}', '8080'],
    ['{{(index .NetworkSettings.Networks "test-bridge").IPAddress}}', '172.19.0.3'],
    ['{{.NetworkSettings.Networks.nosuch.IPAddress}}', '<no value>'],
    ['{{.Config.ExposedPorts}}', 'map[80/tcp:{}]'],
    ['{{json .Config.Labels}}', '{"maintainer":"NGINX Docker Maintainers <docker-maint@nginx.com>"}'],
    ['{{.Config.Cmd}} {{join .Args " "}}', '[nginx -g daemon off;] nginx -g daemon off;'],
    ['{{.Config.Entrypoint}}|{{.ExecIDs}}|{{.HostConfig.CapAdd}}|{{.NetworkSettings.Networks.bridge.DriverOpts}}', '[/docker-entrypoint.sh]|[]|[]|map[]'],
    ['{{.NetworkSettings.Networks.bridge.IPAMConfig}}', '<nil>'],
    ['{{.HostConfig.Dns}}', '[]'],
    ['{{.HostConfig.RestartPolicy}}', '{no 0}'],
    ['{{.NetworkSettings.Networks}}', /^map\[bridge:0xc000[0-9a-f]{6} test-bridge:0xc000[0-9a-f]{6}\]$/],
    ['{{if .State.Running}}up{{else}}down{{end}}', 'up'],
    ['{{if eq .State.Status "exited"}}x{{else if .State.Running}}r{{end}}', 'r'],
    ['{{with .NetworkSettings}}{{.Gateway}}{{end}}', '172.17.0.1'],
    ['{{range .Config.Env}}{{if eq . "NJS_VERSION=0.7.3"}}{{.}}{{end}}{{end}}', 'NJS_VERSION=0.7.3'],
    ['{{printf "%s:%s" .Name .State.Status}} {{len .NetworkSettings.Networks}}', '/app:running 2'],
    ['{{upper .Name}} {{lower "AbC"}} {{title "hello world"}} {{split "a,b" ","}}', '/APP abc Hello World [a b]'],
    ['{{- .Name -}}  \n', '/app'],
    ['a {{/* note */}}b', 'a b'],
    ['{{$n := .Name}}{{$n}}', '/app'],
    ['{{.Name | printf "%q"}}', '"/app"'],
  ])('%s', (t, out) => {
    if (out instanceof RegExp) expect(fmt(t)).toMatch(out);
    else expect(fmt(t)).toBe(out);
  });

  it('reruns the whole template over the raw JSON once the typed run fails (Go field names vs JSON names)', () => {
    expect(fmt('{{.ID}} {{.Id}}')).toBe('\ntemplate parsing error: template: :1:2: executing "" at <.ID>: map has no entry for key "ID"'.replace(/^/, 'ERR(1) '));
  });

  it('prints nil slices as [] when there are no links', () => {
    expect(fmt('{{.HostConfig.Links}}', plain)).toBe('[]');
    expect(fmt('{{.NetworkSettings.Networks.bridge.Aliases}}', plain)).toBe('[]');
  });

  it('formats network records (time.Time prints with String)', () => {
    expect(fmt('{{.Name}} {{.Driver}} {{.Created}}', netRec)).toBe('test-bridge bridge 2026-11-22 12:04:26.48689263 +0000 UTC');
    expect(fmt('{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}', netRec)).toBe('172.19.0.0/16 172.19.0.1');
    expect(fmt('{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}', netRec)).toBe('app 172.19.0.3/16');
    expect(fmt('{{json .IPAM}}', netRec)).toBe('{"Driver":"default","Options":{},"Config":[{"Subnet":"172.19.0.0/16","Gateway":"172.19.0.1"}]}');
  });

  it.each([
    ['{{.Foo}}', 'ERR(1) \ntemplate parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"'],
    ['{{.State.Health.Status}}', 'ERR(1) \ntemplate parsing error: template: :1:8: executing "" at <.State.Health.Status>: map has no entry for key "Health"'],
    ['{{.NetworkSettings.Foo}}', 'ERR(1) \ntemplate parsing error: template: :1:18: executing "" at <.NetworkSettings.Foo>: map has no entry for key "Foo"'],
    ['{{.NetworkSettings.IPAddressX}}', 'ERR(1) \ntemplate parsing error: template: :1:18: executing "" at <.NetworkSettings.IPA...>: map has no entry for key "IPAddressX"'],
    ['{{.Config.Labels 1}}', 'ERR(1) \ntemplate parsing error: template: :1:9: executing "" at <.Config.Labels>: Labels is not a method but has arguments'],
    ['{{range .Name}}x{{end}}', 'ERR(1) \ntemplate parsing error: template: :1:8: executing "" at <{{range .Name}}>: range can\'t iterate over /app'],
    ['{{.Foo', 'ERR(64) Template parsing error: template: :1: unclosed action'],
    ['{{foo .}}', 'ERR(64) Template parsing error: template: :1: function "foo" not defined'],
    ['{{range .X}}', 'ERR(64) Template parsing error: template: :1: unexpected EOF'],
    ['{{end}}', 'ERR(64) Template parsing error: template: :1: unexpected {{end}}'],
    ['{{}}', 'ERR(64) Template parsing error: template: :1: missing value for command'],
    ['{{.NetworkSettings.Networks.test-bridge.IPAddress}}', 'ERR(64) Template parsing error: template: :1: bad number syntax: "-b"'],
    ['{{json}}', 'ERR(1) \ntemplate parsing error: template: :1:2: executing "" at <json>: wrong number of args for json: want 1 got 0'],
  ])('fails like the CLI: %s', (t, out) => {
    expect(fmt(t)).toBe(out);
  });

  it('compiles once and reports parse errors with exit status 64', () => {
    const c = compileTemplate('{{.Name}}');
    expect(c.ok).toBe(true);
    if (c.ok) expect(inspectFormat(c.template, plain)).toEqual({ ok: true, text: '/db' });
    expect(compileTemplate('{{nope}}')).toEqual({ ok: false, exitCode: 64, error: 'Template parsing error: template: :1: function "nope" not defined' });
  });
});
