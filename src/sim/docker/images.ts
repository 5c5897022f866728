/**
 * The built-in image catalogue (facts §13): what each image exposes, runs by default, and which
 * tools it carries. `userland` picks the flavour a tool prints (BusyBox applets, Debian, CentOS).
 */

export type Userland = 'busybox' | 'debian' | 'centos';

export interface Image {
  repo: string;
  tag: string;
  /** sha256 image id (64 hex). */
  id: string;
  /** `docker images` CREATED and SIZE columns. */
  created: string;
  size: string;
  exposed: string[];
  entrypoint: string[];
  cmd: string[];
  userland: Userland;
  /** Executables on $PATH (besides the shell itself). */
  tools: readonly string[];
  /** Ports the default process listens on (tcp). */
  listens: number[];
}

const BUSYBOX_TOOLS = [
  'sh', 'ash', 'ping', 'ip', 'ifconfig', 'route', 'netstat', 'nslookup', 'wget', 'telnet', 'nc', 'httpd',
  'hostname', 'cat', 'echo', 'ls', 'sleep', 'true', 'false', 'grep', 'env', 'ps', 'traceroute', 'arp', 'pwd',
];
const DEBIAN_BASE = ['sh', 'bash', 'cat', 'echo', 'ls', 'sleep', 'true', 'false', 'grep', 'env', 'hostname', 'pwd'];

const CATALOGUE: Image[] = [
  {
    repo: 'busybox', tag: 'latest', id: 'a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824',
    created: '2 weeks ago', size: '4.26MB', exposed: [], entrypoint: [], cmd: ['sh'],
    userland: 'busybox', tools: BUSYBOX_TOOLS, listens: [],
  },
  {
    repo: 'alpine', tag: 'latest', id: 'c059bfaa849c4d8e4aecaeb3a10c2d9b3d85f5165c66ad3a4d937758128c4d18',
    created: '3 weeks ago', size: '5.59MB', exposed: [], entrypoint: [], cmd: ['/bin/sh'],
    userland: 'busybox', tools: BUSYBOX_TOOLS.filter((t) => t !== 'httpd'), listens: [],
  },
  {
    repo: 'nginx', tag: 'latest', id: 'd1a364dc548d5357f0da3268c888e1971bbdb957ee3f028fe7194f1d61c6fdee',
    created: '4 weeks ago', size: '141MB', exposed: ['80/tcp'], entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'], userland: 'debian', tools: [...DEBIAN_BASE, 'curl', 'nginx'], listens: [80],
  },
  {
    repo: 'tomcat', tag: '7', id: '5a0c7c0b0d3e7e5d4c8cbad4f5e3f4a1b2c3d4e5f60718293a4b5c6d7e8f9012',
    created: '2 years ago', size: '557MB', exposed: ['8080/tcp'], entrypoint: [], cmd: ['catalina.sh', 'run'],
    // Seed 002 picks tomcat:7 "because this image has ip addr and the usual commands": iproute2 and iputils.
    userland: 'debian', tools: [...DEBIAN_BASE, 'curl', 'wget', 'catalina.sh', 'ip', 'ping'], listens: [8080],
  },
  {
    repo: 'centos', tag: '7', id: 'eeb6ee3f44bd0b5103bb561b4c16bcb82328cfe5809ab675bb17ab3a16c517c9',
    created: '2 years ago', size: '204MB', exposed: [], entrypoint: [], cmd: ['/bin/bash'],
    userland: 'centos', tools: [...DEBIAN_BASE, 'ping', 'curl', 'init'], listens: [],
  },
  {
    // `centos` (latest) was CentOS 8 from 2019 until the tag's end: iproute2 and iputils are in it,
    // as seed 000 shows (`docker exec centos1 ip addr` in iproute2's layout).
    repo: 'centos', tag: 'latest', id: '5d0da3dc976460b72c77d94c8a1ad043720b0416bfc16c52c45d4847e53fadb6',
    created: '2 years ago', size: '231MB', exposed: [], entrypoint: [], cmd: ['/bin/bash'],
    userland: 'centos', tools: [...DEBIAN_BASE, 'ping', 'curl', 'ip', 'init'], listens: [],
  },
  {
    repo: 'redis', tag: 'latest', id: '7614ae9453d1d87e740a2056257a6de7135c84037c367e1fffa92ae922784631',
    created: '3 weeks ago', size: '113MB', exposed: ['6379/tcp'], entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'], userland: 'debian', tools: [...DEBIAN_BASE, 'redis-server', 'redis-cli'], listens: [6379],
  },
  {
    repo: 'mysql', tag: 'latest', id: '3218b38490cec8d31976a40b92e09d61377359eab878db49f025e5d464367f3b',
    created: '3 weeks ago', size: '514MB', exposed: ['3306/tcp', '33060/tcp'], entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'], userland: 'debian', tools: [...DEBIAN_BASE, 'mysqld', 'mysql'], listens: [3306, 33060],
  },
];

/** Whether runc finds PROG (a name on $PATH or a path) in the image: its tools, its entrypoint script, BusyBox itself. */
export function imageHas(img: Image, prog: string): boolean {
  const base = prog.slice(prog.lastIndexOf('/') + 1);
  return img.tools.includes(base) || img.entrypoint.includes(prog) || (img.userland === 'busybox' && base === 'busybox');
}

/** A shell by name or path (`sh`, `/bin/bash`, `ash`): interactive with -i, or running `-c SCRIPT`. */
export function isShell(prog: string): boolean {
  return /^(\/usr)?(\/bin\/)?(sh|bash|ash)$/.test(prog);
}

/** Tags that name the same catalogue entry. */
const TAG_ALIASES: Record<string, string> = { 'centos:8': 'centos:latest', 'centos:centos8': 'centos:latest', 'centos:centos7': 'centos:7', 'tomcat:latest': 'tomcat:7' };

/** Parses `name[:tag]` (with an optional `docker.io/library/` prefix) to a catalogue key. */
export function imageKey(ref: string): string {
  let r = ref.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (!/:[^/]+$/.test(r)) r += ':latest';
  return TAG_ALIASES[r] ?? r;
}

export function findImage(ref: string): Image | undefined {
  const key = imageKey(ref);
  return CATALOGUE.find((i) => `${i.repo}:${i.tag}` === key);
}

export function imageByKey(key: string): Image | undefined {
  return CATALOGUE.find((i) => `${i.repo}:${i.tag}` === key);
}

/** An image by reference among those built on this daemon, then in the catalogue. */
export function lookupImage(built: readonly Image[], ref: string): Image | undefined {
  const key = imageKey(ref);
  return built.find((i) => `${i.repo}:${i.tag}` === key) ?? findImage(ref);
}

/** Tools a package brings (yum, apt-get, apk names), for `docker build`'s RUN lines. */
const PACKAGE_TOOLS: Record<string, string[]> = {
  'net-tools': ['ifconfig', 'route', 'netstat', 'arp'],
  iproute: ['ip', 'ss', 'bridge'],
  iproute2: ['ip', 'ss', 'bridge'],
  iputils: ['ping'],
  'iputils-ping': ['ping'],
  curl: ['curl'],
  wget: ['wget'],
  telnet: ['telnet'],
  'bind-utils': ['nslookup', 'dig', 'host'],
  dnsutils: ['nslookup', 'dig', 'host'],
  'bridge-utils': ['brctl'],
  iptables: ['iptables', 'iptables-save'],
  procps: ['ps'],
  'procps-ng': ['ps'],
};

export function packageTools(pkg: string): string[] {
  return PACKAGE_TOOLS[pkg] ?? [];
}

export function catalogue(): readonly Image[] {
  return CATALOGUE;
}
