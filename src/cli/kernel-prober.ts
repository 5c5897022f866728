/**
 * The prober of the kernel conformance suite: ICMP echo and TCP connect probes in the lab
 * namespaces, and listening sockets where the simulator has them (containers' servers, and
 * plain listeners in place of docker-proxy: a connect only sees the handshake, which
 * docker-proxy completes itself).
 *
 * One Python helper process serves a whole run: it enters a lab namespace with setns(2) (what
 * `ip netns exec` does), makes its sockets there and returns to its own namespace at once, so
 * no socket of it ever lives in the root namespace. Sockets keep their namespace, so one event
 * loop accepts on every lab's listeners and waits on every probe, and a probe costs a socket,
 * not a process. Names are checked on both sides (`/run/netns/PREFIX...` only). The helper
 * exits when its stdin closes.
 *
 * An echo probe is `ping -c1 -W1` (iputils) on a raw ICMP socket: one 64-byte echo request, ok
 * when an echo reply with its identifier arrives within the timeout; a send error (no route,
 * EPERM from an OUTPUT rule, a broadcast address) is a failure, as ping's exit status is.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Limiter } from './kernel';
import type { TcpResult } from './reach';

export interface ProbeAnswer<R> {
  result: R;
  /** An errno name, `timeout`, or what answered. */
  detail: string;
}

const HELPER = String.raw`
import ctypes, errno, json, os, resource, selectors, socket, struct, sys, time
from collections import deque
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
libc = ctypes.CDLL(None, use_errno=True)
NEWNET = 0x40000000
home = os.open('/proc/self/ns/net', os.O_RDONLY)
sel = selectors.DefaultSelector()
listeners = {}
deadlines = deque()
prefix = sys.argv[1]
ident = [os.getpid() & 0xffff]

def out(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()

def enter(name):
    if not name.startswith(prefix) or '/' in name or name in ('.', '..'):
        raise ValueError('refusing namespace ' + name)
    fd = os.open('/run/netns/' + name, os.O_RDONLY)
    try:
        if libc.setns(fd, NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, 'setns: ' + os.strerror(e))
    finally:
        os.close(fd)

def leave():
    if libc.setns(home, NEWNET) != 0:
        os._exit(3)

def listen(req):
    socks = []
    enter(req['ns'])
    try:
        for addr, port in req['socks']:
            s = socket.socket()
            socks.append(s)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, port))
    except OSError as e:
        for s in socks:
            s.close()
        raise OSError(e.errno, 'bind %s:%d: %s' % (addr, port, e.strerror))
    finally:
        leave()
    for s in socks:
        s.listen(4096)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, ('accept', None))
    listeners.setdefault(req['ns'], []).extend(socks)
    out({'id': req['id'], 'ok': True})

def name(err):
    return 'open' if err == 0 else errno.errorcode.get(err, str(err))

def finish(st, i, res, s):
    try:
        sel.unregister(s)
    except (KeyError, ValueError):
        pass
    s.close()
    st['res'][i] = res
    st['left'] -= 1
    if st['left'] == 0 and st['started']:
        out({'id': st['id'], 'res': st['res']})

def checksum(b):
    t = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    t = (t >> 16) + (t & 0xffff)
    return ~(t + (t >> 16)) & 0xffff

def start(st, i, s, how, data):
    sel.register(s, how, data)
    deadlines.append((st['deadline'], s, st, i))

name_ranged = {}

def probe(req):
    n = len(req['targets'])
    st = {'id': req['id'], 'res': [None] * n, 'left': n, 'started': False, 'deadline': time.monotonic() + req['timeout']}
    enter(req['ns'])
    try:
        if req['op'] == 'connect' and name_ranged.get(req['ns']) is None:
            # Client ports above every port a lab listens on or publishes (Docker: 32768-60999), so a
            # connect to one's own address never picks the target port and "self-connects".
            with open('/proc/sys/net/ipv4/ip_local_port_range', 'w') as f:
                f.write('61000 65000')
            name_ranged[req['ns']] = True
        for i, t in enumerate(req['targets']):
            if req['op'] == 'connect':
                s = socket.socket()
                s.setblocking(False)
                e = s.connect_ex((t[0], t[1]))
                if e == errno.EINPROGRESS:
                    start(st, i, s, selectors.EVENT_WRITE, ('connect', (st, i)))
                else:
                    finish(st, i, name(e), s)
                continue
            s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
            s.setblocking(False)
            ident[0] = (ident[0] + 1) & 0xffff
            body = struct.pack('!BBHHH', 8, 0, 0, ident[0], 1) + bytes(range(56))
            pkt = body[:2] + struct.pack('!H', checksum(body)) + body[4:]
            try:
                s.sendto(pkt, (t, 0))
            except OSError as e:
                finish(st, i, name(e.errno), s)
                continue
            start(st, i, s, selectors.EVENT_READ, ('echo', (st, i, ident[0])))
    finally:
        leave()
    st['started'] = True
    if st['left'] == 0:
        out({'id': st['id'], 'res': st['res']})

def echo(s, st, i, want):
    while True:
        try:
            data, src = s.recvfrom(4096)
        except BlockingIOError:
            return
        h = (data[0] & 15) * 4
        if len(data) >= h + 8 and data[h] == 0 and struct.unpack('!H', data[h + 4:h + 6])[0] == want:
            finish(st, i, 'reply from ' + src[0], s)
            return

def close(req):
    for n in req['ns']:
        for s in listeners.pop(n, []):
            sel.unregister(s)
            s.close()
    out({'id': req['id'], 'ok': True})

buf = b''
sel.register(0, selectors.EVENT_READ, ('stdin', None))
ops = {'listen': listen, 'connect': probe, 'echo': probe, 'close': close}
while True:
    wait = max(0.0, deadlines[0][0] - time.monotonic()) if deadlines else None
    for key, _ in sel.select(wait):
        kind, data = key.data
        if kind == 'stdin':
            chunk = os.read(0, 1 << 16)
            if not chunk:
                sys.exit(0)
            buf += chunk
            while b'\n' in buf:
                line, buf = buf.split(b'\n', 1)
                req = json.loads(line)
                try:
                    ops[req['op']](req)
                except Exception as e:
                    out({'id': req['id'], 'error': str(e)})
        elif kind == 'accept':
            try:
                c, _ = key.fileobj.accept()
                c.close()
            except OSError:
                pass
        elif kind == 'echo':
            echo(key.fileobj, *data)
        else:
            st, i = data
            finish(st, i, name(key.fileobj.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)), key.fileobj)
    now = time.monotonic()
    while deadlines and deadlines[0][0] <= now:
        _, s, st, i = deadlines.popleft()
        if st['res'][i] is None:
            finish(st, i, 'timeout', s)
`;

interface Reply {
  id: number;
  ok?: boolean;
  res?: string[];
  error?: string;
}

const NS_NAME = /^[A-Za-z0-9_.-]+$/;

/** The helper process; one per run, shared by the labs in flight. */
export class Prober {
  private seq = 0;
  private waiting = new Map<number, { ok: (r: Reply) => void; fail: (e: Error) => void }>();
  private dead: Error | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly prefix: string,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as Reply;
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (!w) return;
      if (r.error) w.fail(new Error(`prober: ${r.error}`));
      else w.ok(r);
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      this.dead = new Error(`prober exited (${code}): ${stderr}`);
      for (const w of this.waiting.values()) w.fail(this.dead);
      this.waiting.clear();
    });
  }

  /** Starts the helper; it only enters namespaces whose names start with `prefix`. */
  static start(prefix: string): Prober {
    if (!/^[A-Za-z0-9_-]{1,24}$/.test(prefix)) throw new Error(`bad prefix ${JSON.stringify(prefix)}`);
    return new Prober(spawn('python3', ['-c', HELPER, prefix], { stdio: ['pipe', 'pipe', 'pipe'] }), prefix);
  }

  private ask(req: Record<string, unknown>): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = ++this.seq;
    return new Promise((ok, fail) => {
      this.waiting.set(id, { ok, fail });
      this.child.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  private check(ns: string): void {
    if (!ns.startsWith(this.prefix) || !NS_NAME.test(ns)) throw new Error(`refusing namespace ${ns}`);
  }

  /** Listening sockets (address, port) in namespace `ns`, accepting and closing every connection. */
  async listen(ns: string, socks: [string, number][]): Promise<void> {
    this.check(ns);
    if (socks.length) await this.ask({ op: 'listen', ns, socks });
  }

  /** Connects from `ns` to every target at once; what each saw within `timeoutMs`. */
  async connect(ns: string, targets: [string, number][], timeoutMs = 1000): Promise<ProbeAnswer<TcpResult>[]> {
    this.check(ns);
    if (!targets.length) return [];
    const r = await this.ask({ op: 'connect', ns, targets, timeout: timeoutMs / 1000 });
    return r.res!.map((d) => ({ result: d === 'open' ? 'open' : d === 'ECONNREFUSED' ? 'refused' : 'none', detail: d }));
  }

  /** One echo request from `ns` to every address at once: did a reply come within `timeoutMs`. */
  async echo(ns: string, targets: string[], timeoutMs = 1000): Promise<ProbeAnswer<boolean>[]> {
    this.check(ns);
    if (!targets.length) return [];
    const r = await this.ask({ op: 'echo', ns, targets, timeout: timeoutMs / 1000 });
    return r.res!.map((d) => ({ result: d.startsWith('reply'), detail: d }));
  }

  /** Closes every listener in the namespaces (before they are deleted: a socket keeps its namespace alive). */
  async close(namespaces: string[]): Promise<void> {
    for (const ns of namespaces) this.check(ns);
    await this.ask({ op: 'close', ns: namespaces });
  }

  stop(): void {
    this.child.stdin.end();
  }
}

/** The TCP side of a lab run (see withLab): listeners to start and connects to make, then results. */
export interface TcpPlan {
  /** Sockets per namespace label (the namespace is `PREFIX-LABEL`). */
  listen: Record<string, [string, number][]>;
  probes: { from: string; to: string; port: number }[];
  /** Filled by runTcpPlan, in the order of `probes`. */
  results?: ProbeAnswer<TcpResult>[];
}

/** Starts the listeners in the lab's live namespaces, then makes every connect (all at once, 1 s). */
export async function runTcpPlan(plan: TcpPlan, prober: { helper: Prober; limiter: Limiter }, prefix: string, live: Set<string>): Promise<void> {
  const { helper, limiter } = prober;
  for (const [label, socks] of Object.entries(plan.listen)) {
    if (live.has(`${prefix}-${label}`)) await helper.listen(`${prefix}-${label}`, socks);
  }
  const byFrom = new Map<string, number[]>();
  plan.probes.forEach((p, i) => byFrom.set(p.from, [...(byFrom.get(p.from) ?? []), i]));
  const results: ProbeAnswer<TcpResult>[] = new Array(plan.probes.length);
  await Promise.all(
    [...byFrom].map(async ([from, idx]) => {
      if (!live.has(`${prefix}-${from}`)) {
        for (const i of idx) results[i] = { result: 'none', detail: 'no namespace' };
        return;
      }
      for (let k = 0; k < idx.length; k += limiter.max) {
        const chunk = idx.slice(k, k + limiter.max);
        const targets = chunk.map((i): [string, number] => [plan.probes[i]!.to, plan.probes[i]!.port]);
        const got = await limiter.run(chunk.length, () => helper.connect(`${prefix}-${from}`, targets));
        chunk.forEach((i, j) => (results[i] = got[j]!));
      }
    }),
  );
  plan.results = results;
}
