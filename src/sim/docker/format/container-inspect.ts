/**
 * `docker inspect <container>` (Engine 20.10 types.ContainerJSON, CLI 20.10 defaults, CentOS 7
 * host: cgroup v1, overlay2, no AppArmor). Network parts per facts §9.4, the rest plausible and
 * consistent with the container record: one record per container, printed as a JSON array.
 */
import type { World } from '../../net/types';
import type { Container, DockerState } from '../types';
import { ZERO_TIME, hash32, rfc3339Nano, stableHex, stableNanos } from './go-time';
import { NIL_MAP, NIL_SLICE, goMap, goPtr, goStruct } from './go-value';
import { imageMeta, mergeEnv } from './image-meta';
import { exposedPortKeys } from './ports';
import { hostConfigLinks, networkSettings } from './network-settings';
import type { InspectOptions } from './result';

const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** A timestamp of `c`; `band` orders events that share a millisecond (created < started < finished). */
type Stamp = (band: 0 | 1 | 2, ms: number | undefined) => string;

function stateOf(c: Container, stamp: Stamp): object {
  const running = c.state === 'running';
  return goPtr(
    {
      Status: c.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 1000 + (hash32(c.id) % 30000) : 0,
      ExitCode: running ? 0 : c.exitCode,
      Error: '',
      StartedAt: stamp(1, c.startedAt),
      FinishedAt: stamp(2, c.finishedAt),
      Health: null,
    },
    { omitEmpty: ['Health'] },
  );
}

function portBindings(c: Container): object {
  const out: Record<string, unknown[]> = {};
  for (const s of c.portSpecs) {
    const key = `${s.containerPort}/${s.proto}`;
    (out[key] ??= []).push(goStruct({ HostIp: s.hostIp, HostPort: s.hostPort }, { goNames: { HostIp: 'HostIP' } }));
  }
  return goMap(out, { keyType: 'nat.Port', zero: NIL_SLICE });
}

function hostConfig(state: DockerState, c: Container): object {
  return goPtr(
    {
      Binds: NIL_SLICE,
      ContainerIDFile: '',
      LogConfig: { Type: 'json-file', Config: goMap({}, { zero: '' }) },
      NetworkMode: c.networkMode,
      PortBindings: portBindings(c),
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: c.autoRemove,
      VolumeDriver: '',
      VolumesFrom: NIL_SLICE,
      CapAdd: NIL_SLICE,
      CapDrop: NIL_SLICE,
      CgroupnsMode: 'host',
      Dns: [...c.dns],
      DnsOptions: [],
      DnsSearch: [],
      ExtraHosts: c.extraHosts.length > 0 ? [...c.extraHosts] : NIL_SLICE,
      GroupAdd: NIL_SLICE,
      IpcMode: 'private',
      Cgroup: '',
      Links: hostConfigLinks(state, c),
      OomScoreAdj: 0,
      PidMode: '',
      Privileged: false,
      PublishAllPorts: c.publishAll,
      ReadonlyRootfs: false,
      SecurityOpt: NIL_SLICE,
      UTSMode: '',
      UsernsMode: '',
      ShmSize: 67108864,
      Runtime: 'runc',
      ConsoleSize: [0, 0],
      Isolation: '',
      CpuShares: 0,
      Memory: 0,
      NanoCpus: 0,
      CgroupParent: '',
      BlkioWeight: 0,
      BlkioWeightDevice: [],
      BlkioDeviceReadBps: NIL_SLICE,
      BlkioDeviceWriteBps: NIL_SLICE,
      BlkioDeviceReadIOps: NIL_SLICE,
      BlkioDeviceWriteIOps: NIL_SLICE,
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpusetCpus: '',
      CpusetMems: '',
      Devices: [],
      DeviceCgroupRules: NIL_SLICE,
      DeviceRequests: NIL_SLICE,
      KernelMemory: 0,
      KernelMemoryTCP: 0,
      MemoryReservation: 0,
      MemorySwap: 0,
      MemorySwappiness: null,
      OomKillDisable: false,
      PidsLimit: null,
      Ulimits: NIL_SLICE,
      CpuCount: 0,
      CpuPercent: 0,
      IOMaximumIOps: 0,
      IOMaximumBandwidth: 0,
      MaskedPaths: [...MASKED_PATHS],
      ReadonlyPaths: [...READONLY_PATHS],
    },
    {
      omitEmpty: ['Runtime'],
      goNames: {
        Dns: 'DNS', DnsOptions: 'DNSOptions', DnsSearch: 'DNSSearch', CpuShares: 'CPUShares', NanoCpus: 'NanoCPUs',
        CpuPeriod: 'CPUPeriod', CpuQuota: 'CPUQuota', CpuRealtimePeriod: 'CPURealtimePeriod',
        CpuRealtimeRuntime: 'CPURealtimeRuntime', CpuCount: 'CPUCount', CpuPercent: 'CPUPercent',
      },
    },
  );
}

/** Splits Path+Args back into the image's ENTRYPOINT and the CMD (the user's or the image's). */
function entrypointAndCmd(c: Container): { entrypoint: string[] | object; cmd: string[] | object } {
  const argv = [c.path, ...c.args];
  const ep = c.img?.entrypoint ?? [];
  const usesEp = ep.length > 0 && ep.every((x, i) => argv[i] === x);
  const cmd = usesEp ? argv.slice(ep.length) : argv;
  return { entrypoint: usesEp ? [...ep] : NIL_SLICE, cmd: cmd.length > 0 ? cmd : NIL_SLICE };
}

function config(c: Container): object {
  const meta = imageMeta(c.imageKey);
  const exposed = exposedPortKeys(c);
  const { entrypoint, cmd } = entrypointAndCmd(c);
  const volumes = meta.volumes.length > 0 ? goMap(Object.fromEntries(meta.volumes.map((v) => [v, {}]))) : NIL_MAP;
  return goPtr(
    {
      Hostname: c.hostname,
      Domainname: c.domainname,
      User: '',
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ExposedPorts: goMap(Object.fromEntries(exposed.map((k) => [k, {}])), { keyType: 'nat.Port', zero: {} }),
      Tty: c.tty,
      OpenStdin: c.interactive,
      StdinOnce: false,
      Env: mergeEnv(c.env, meta.env),
      Cmd: cmd,
      Image: c.image,
      Volumes: volumes,
      WorkingDir: meta.workingDir,
      Entrypoint: entrypoint,
      MacAddress: c.macAddress ?? '',
      OnBuild: NIL_SLICE,
      Labels: goMap({ ...meta.labels }, { zero: '' }),
      StopSignal: meta.stopSignal ?? '',
    },
    { omitEmpty: ['ExposedPorts', 'MacAddress', 'StopSignal'] },
  );
}

function mounts(c: Container): object[] {
  return imageMeta(c.imageKey).volumes.map((dest) => {
    const name = stableHex(`${c.id}:${dest}`, 64);
    return goStruct(
      { Type: 'volume', Name: name, Source: `/var/lib/docker/volumes/${name}/_data`, Destination: dest, Driver: 'local', Mode: '', RW: true, Propagation: '' },
      { omitEmpty: ['Name', 'Driver'] },
    );
  });
}

function graphDriver(c: Container): object {
  const layer = `/var/lib/docker/overlay2/${stableHex(`${c.id}:rw`, 64)}`;
  const image = c.img?.id ?? c.imageKey;
  const lower = [`${layer}-init/diff`, `/var/lib/docker/overlay2/${stableHex(`${image}:layer`, 64)}/diff`].join(':');
  return {
    Data: goMap({ LowerDir: lower, MergedDir: `${layer}/merged`, UpperDir: `${layer}/diff`, WorkDir: `${layer}/work` }, { zero: '' }),
    Name: 'overlay2',
  };
}

/** The files the daemon writes at first start; a `container:` container uses its partner's. */
function paths(state: DockerState, c: Container): { resolv: string; hostname: string; hosts: string; log: string } {
  if (c.startedAt === undefined) return { resolv: '', hostname: '', hosts: '', log: '' };
  const own = (id: string, f: string): string => `/var/lib/docker/containers/${id}/${f}`;
  const netId = c.joins !== undefined && state.containers[c.joins] ? c.joins : c.id;
  return { resolv: own(netId, 'resolv.conf'), hostname: own(netId, 'hostname'), hosts: own(netId, 'hosts'), log: own(c.id, `${c.id}-json.log`) };
}

/**
 * The full inspect record of `c`, top-level keys in 20.10 order. Print with `goJson([record])`,
 * or run a `-f` template over it with inspectFormat.
 */
export function containerInspect(_world: Pick<World, 'clock'>, state: DockerState, c: Container, opts: InspectOptions = {}): object {
  const salts = [c.id, `${c.id}:started`, `${c.id}:finished`] as const;
  const nanos = (band: 0 | 1 | 2, ms: number): number =>
    opts.subMsNanos ? opts.subMsNanos(salts[band], ms) : band * 333_333 + (stableNanos(salts[band], ms) % 333_333);
  const stamp: Stamp = (band, ms) => (ms === undefined ? ZERO_TIME : rfc3339Nano(ms, nanos(band, ms)));
  const image = c.img;
  const p = paths(state, c);
  return goStruct(
    {
      Id: c.id,
      Created: stamp(0, c.created),
      Path: c.path,
      Args: [...c.args],
      State: stateOf(c, stamp),
      Image: image ? `sha256:${image.id}` : '',
      ResolvConfPath: p.resolv,
      HostnamePath: p.hostname,
      HostsPath: p.hosts,
      LogPath: p.log,
      Node: null,
      Name: `/${c.name}`,
      RestartCount: 0,
      Driver: 'overlay2',
      Platform: 'linux',
      MountLabel: '',
      ProcessLabel: '',
      AppArmorProfile: '',
      ExecIDs: NIL_SLICE,
      HostConfig: hostConfig(state, c),
      GraphDriver: graphDriver(c),
      SizeRw: null,
      SizeRootFs: null,
      Mounts: mounts(c),
      Config: config(c),
      NetworkSettings: networkSettings(state, c),
    },
    { omitEmpty: ['Node', 'SizeRw', 'SizeRootFs'], goNames: { Id: 'ID' } },
  );
}
