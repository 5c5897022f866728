/**
 * The Docker Engine model's data (Docker 20.10, libnetwork bridge driver): per-host daemon state
 * that programs the kernel model. Plain JSON records; ids are Docker's 64-hex ids drawn from the
 * World PRNG. The kernel objects a network or container owns are referenced by their net/ ids.
 */
import type { HostId, IfaceId, Ip4, NsId } from '../net/types';
import type { Image } from './images';

export type NetworkId = string;
export type ContainerId = string;

export interface Subnet {
  addr: Ip4;
  prefix: number;
}

export interface DockerNetwork {
  id: NetworkId;
  name: string;
  driver: 'bridge' | 'host' | 'null' | 'overlay' | 'macvlan';
  /** World clock (ms since the epoch) when it was created. */
  created: number;
  /** bridge, host and none: the three networks the daemon makes itself. */
  predefined: boolean;
  subnet?: Subnet;
  /** `--subnet` as typed (`172.20.16.0/16`): 20.10 reports the pool string as given. */
  subnetText?: string;
  ipRange?: Subnet;
  /** `--aux-address name=ip`, reserved in IPAM (inspect AuxiliaryAddresses). */
  auxAddresses?: Record<string, Ip4>;
  gateway?: Ip4;
  /** daemon.json `default-gateway`: the route containers get (IPAM AuxiliaryAddresses DefaultGatewayIPv4). */
  defaultGateway?: Ip4;
  /** `--subnet` given: `--ip` is allowed only then. */
  userSubnet: boolean;
  /** IPAM Config shows the Gateway (docker0 on the very first daemon start does not). */
  showGateway: boolean;
  /** The pool taken from the default list, freed with the network. */
  pool?: Subnet;
  internal: boolean;
  /** `-o` driver options as given (inspect `Options`). */
  options: Record<string, string>;
  labels: Record<string, string>;
  /** The Linux bridge (`docker0`, `br-<12 hex>`), for bridge networks. */
  bridge?: IfaceId;
  bridgeName?: string;
  icc: boolean;
  masquerade: boolean;
  mtu: number;
  /** Addresses handed out (gateway included), as a set. */
  allocated: Ip4[];
  /** overlay: `--attachable` (standalone containers may join). */
  attachable?: boolean;
  /** overlay: the swarm's routing-mesh network. */
  ingress?: boolean;
  /** overlay: the VXLAN id (facts §11, from 4096). */
  vni?: number;
  /** overlay: the sandbox-side veths are named veth0, veth1, ... from a counter that only grows (osl). */
  nextVeth?: number;
  /** macvlan: the parent link's name (`-o parent=eth1`) and mode. */
  parent?: string;
  macvlanMode?: 'bridge' | 'vepa' | 'private' | 'passthru';
}

export interface Endpoint {
  id: string;
  network: NetworkId;
  ip?: Ip4;
  prefix?: number;
  gateway?: Ip4;
  mac?: string;
  /** `--ip` given (inspect IPAMConfig). */
  staticIp?: Ip4;
  /** `--alias` / `--network-alias`, as given. */
  aliases: string[];
  /**
   * The container's leg on docker_gwbridge that an overlay-only container gets for its default
   * route: not one of its networks for inspect or DNS.
   */
  hidden?: true;
  /** veth ends: in the container (eth0, eth1, ...) and on the host (`veth` + 7 hex). */
  ctrIface?: IfaceId;
  hostIface?: IfaceId;
}

export interface PortSpec {
  proto: 'tcp' | 'udp' | 'sctp';
  containerPort: number;
  hostIp: string;
  /** '' for an ephemeral port. */
  hostPort: string;
}

export interface PortMapping {
  proto: 'tcp' | 'udp' | 'sctp';
  containerPort: number;
  hostIp: string;
  hostPort: number;
  /** For a 0.0.0.0 binding, the port of its `::` twin (IPv6 has its own allocator, so it may differ). */
  hostPort6?: number;
  /** The endpoint whose address the port forwards to. */
  network: NetworkId;
}

/** The endpoint settings a container keeps per network (container.NetworkSettings.Networks). */
export interface WantedEndpoint {
  network: NetworkId;
  staticIp?: Ip4;
  aliases: string[];
  /**
   * Set by `docker network connect`: its CLI always sends an IPAMConfig (empty without `--ip`) and a
   * DriverOpts map, so inspect shows `{}` for both where `docker run --network` leaves them null.
   */
  viaConnect?: true;
}

export type ContainerState = 'created' | 'running' | 'exited';

export interface Link {
  target: ContainerId;
  alias: string;
}

export interface Container {
  id: ContainerId;
  name: string;
  /** Image reference as typed (`busybox`, `tomcat:7`). */
  image: string;
  /** Key of the image catalogue entry (`busybox:latest`). */
  imageKey: string;
  /** The image as it was when the container was created (catalogue or `docker build`). */
  img: Image;
  path: string;
  args: string[];
  created: number;
  state: ContainerState;
  startedAt?: number;
  finishedAt?: number;
  exitCode: number;
  hostname: string;
  domainname: string;
  /** HostConfig.NetworkMode as inspect prints it: default, bridge, host, none, NAME, container:<id>. */
  networkMode: string;
  /** For container:X, the container whose namespace this one joins. */
  joins?: ContainerId;
  /**
   * Runs in the host's namespace without a partner: a container:X whose X was a host-mode container
   * that stopped (its processes stay in the host's namespace, as on a real host).
   */
  hostNs?: true;
  /** The container's own network namespace while running (bridge/none/user networks). */
  ns?: NsId;
  sandboxId?: string;
  /** Networks in connect order, with their endpoints (network name -> endpoint). */
  endpoints: { network: NetworkId; endpoint: Endpoint }[];
  /** Endpoint settings asked for at create time or by `network connect`, applied on start. */
  wanted: WantedEndpoint[];
  portSpecs: PortSpec[];
  publishAll: boolean;
  exposed: string[];
  ports: PortMapping[];
  links: Link[];
  dns: string[];
  dnsSearch?: string[];
  env: string[];
  tty: boolean;
  interactive: boolean;
  autoRemove: boolean;
  /** /etc/hosts, /etc/resolv.conf, /etc/hostname as written at start. */
  files: Record<string, string>;
  /** Output of the main process (`docker logs`). */
  logs: string;
  /** The sandbox names new interfaces eth<n> from a counter that only grows (osl nextIfIndex). */
  nextEth: number;
  /** `--add-host` entries, as `name:ip`. */
  extraHosts: string[];
  macAddress?: string;
}

export interface AddressPool {
  base: string;
  size: number;
}

/** The daemon's settings from /etc/docker/daemon.json (applied at start). */
export interface DaemonConfig {
  bip?: string;
  fixedCidr?: string;
  mtu?: number;
  defaultGateway?: string;
  dns?: string[];
  defaultAddressPools?: AddressPool[];
  icc: boolean;
  iptables: boolean;
  ipMasq: boolean;
  userlandProxy: boolean;
  ip?: string;
}

export interface DockerState {
  running: boolean;
  config: DaemonConfig;
  networks: Record<NetworkId, DockerNetwork>;
  containers: Record<ContainerId, Container>;
  /** Creation order (docker ps lists newest first). */
  containerOrder: ContainerId[];
  /** 20.10's rotating pool pointer: index into the pool list where the next search starts. */
  poolNext: number;
  /** The portallocator's last ephemeral port per `hostIP/proto` (`0.0.0.0/tcp`, `::/tcp`, `127.0.0.1/udp`). */
  portLast: Record<string, number>;
  /** Times the daemon started: the default bridge gets a new id each time. */
  starts: number;
  /** Images present (keys `repo:tag`), pulled or built. */
  images: string[];
  /** Images made by `docker build`. */
  built: Image[];
}

/**
 * A swarm: cluster-wide state the managers keep in Raft (sim/docker/swarm.ts). Owned by the
 * overlay work; extend as needed.
 */
export interface SwarmState {
  /** Cluster id (25 lowercase alphanumerics). */
  id: string;
  /** `SWMTKN-1-<50>-<25>`: the shared part is the CA digest, the last part the role's secret. */
  workerToken: string;
  managerToken: string;
  nodes: SwarmNode[];
  /** Swarm-scope networks (ingress and `-d overlay`), with the cluster-wide IPAM. */
  networks: Record<NetworkId, SwarmNetwork>;
  /** The next VXLAN id to hand out. */
  nextVni: number;
  /** Managers that left with --force: still Raft members, unreachable (they count against the quorum). */
  departedManagers?: number;
  /** No Raft majority left: no leader, manager commands fail. */
  leaderless?: boolean;
}

export interface SwarmNode {
  /** Node id (25 lowercase alphanumerics). */
  id: string;
  host: HostId;
  hostname: string;
  /** The advertise address (`--advertise-addr`, or the join's local address toward the manager). */
  addr: Ip4;
  role: 'manager' | 'worker';
  leader: boolean;
  /** The gossip (serf) node name network inspect shows under Peers: 12 hex. */
  peerName: string;
}

export interface SwarmNetwork {
  id: NetworkId;
  name: string;
  created: number;
  subnet: Subnet;
  subnetText?: string;
  /** `--ip-range`: where the swarm allocator hands addresses out from. */
  ipRange?: Subnet;
  gateway: Ip4;
  vni: number;
  attachable: boolean;
  ingress: boolean;
  internal: boolean;
  labels: Record<string, string>;
  /** Addresses handed out across the cluster (gateway included). */
  allocated: Ip4[];
}
