/**
 * `curl` (facts §12.8): 7.29.0 on the CentOS host and in centos:7, 7.64.0 in the Debian buster
 * images (nginx 1.17, tomcat:7). Options: `-s -S -I -i -v -f -m/--max-time --connect-timeout
 * -o FILE -w FORMAT` (`%{http_code}` and friends); URLs `host`, `host:port`, `http://host[:port]/path`.
 *
 * Texts (curl lib/connect.c, lib/multi.c, lib/asyn-thread.c of each version):
 * - refused: 7.29 `Failed connect to H:P; Connection refused`, 7.64 `Failed to connect to H port P:
 *   Connection refused` (exit 7); a dropped SYN without a timeout option ends when the kernel gives
 *   up (~127 s) with `Connection timed out` in the same frame, with one: `(28) Connection timed out
 *   after N milliseconds`;
 * - unknown host (exit 6): 7.29 (threaded resolver) `Could not resolve host: x; Name or service not
 *   known`, 7.64 `Could not resolve host: x`;
 * - docker-proxy whose backend is gone: `(56) Recv failure: Connection reset by peer`.
 */
import { SimError } from '../../net/errors';
import { formatIp4 } from '../../net/ip4';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { writeFile } from '../fs';
import { resolveName } from '../resolve';
import { absolutePath } from './cat';
import { connectTcp, headerBlock, serveHttp, type HttpResponse } from './http';

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information";

interface Options {
  silent: boolean;
  showError: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  fail: boolean;
  maxTime?: number;
  connectTimeout?: number;
  output?: string;
  writeOut?: string;
  url?: string;
}

export interface Url {
  host: string;
  port: number;
  path: string;
}

/** curl's URL guessing: no scheme means http; the port defaults to the scheme's. */
export function parseUrl(text: string): Url | undefined {
  const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(text);
  if (!m || m[2] === '') return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] === undefined ? '/' : m[4].startsWith('/') ? m[4] : `/${m[4]}`;
  return { host: m[2]!, port, path };
}

function parse(argv: string[]): Options {
  const o: Options = { silent: false, showError: false, head: false, include: false, verbose: false, fail: false };
  const args = argv.slice(1);
  const seconds = (flag: string, v: string | undefined): number => {
    if (v === undefined) throw new SimError(`curl: option ${flag}: requires parameter\n${TRY}`, 2);
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new SimError(`curl: option ${flag}: expected a proper numerical parameter\n${TRY}`, 2);
    return n;
  };
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined) throw new SimError(`curl: option ${flag}: requires parameter\n${TRY}`, 2);
    return v;
  };
  const long: Record<string, () => void> = {
    '--silent': () => (o.silent = true),
    '--show-error': () => (o.showError = true),
    '--head': () => (o.head = true),
    '--include': () => (o.include = true),
    '--verbose': () => (o.verbose = true),
    '--fail': () => (o.fail = true),
    '--max-time': () => (o.maxTime = seconds('--max-time', args.shift())),
    '--connect-timeout': () => (o.connectTimeout = seconds('--connect-timeout', args.shift())),
    '--output': () => (o.output = value('--output')),
    '--write-out': () => (o.writeOut = value('--write-out')),
    '--location': () => undefined,
    '--insecure': () => undefined,
    '--ipv4': () => undefined,
    '--request': () => void value('--request'),
    '--header': () => void value('--header'),
  };
  while (args.length) {
    const a = args.shift()!;
    if (a.startsWith('--')) {
      const f = long[a];
      if (!f) throw new SimError(`curl: option ${a}: is unknown\n${TRY}`, 2);
      f();
    } else if (a.startsWith('-') && a.length > 1) {
      for (let i = 1; i < a.length; i++) {
        const c = a[i]!;
        const rest = a.slice(i + 1);
        const arg = (flag: string) => (rest !== '' ? rest : value(flag));
        if (c === 's') o.silent = true;
        else if (c === 'S') o.showError = true;
        else if (c === 'I') o.head = true;
        else if (c === 'i') o.include = true;
        else if (c === 'v') o.verbose = true;
        else if (c === 'f') o.fail = true;
        else if (c === 'L' || c === 'k' || c === '4') continue;
        else if ('mowXH'.includes(c)) {
          const v = arg(`-${c}`);
          if (c === 'm') o.maxTime = seconds('-m', v);
          else if (c === 'o') o.output = v;
          else if (c === 'w') o.writeOut = v;
          break;
        } else throw new SimError(`curl: option -${c}: is unknown\n${TRY}`, 2);
      }
    } else o.url ??= a;
  }
  return o;
}

/** curl's progress meter (lib/progress.c): 5-wide sizes with k/M suffixes. */
function max5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${Math.floor(n / 1024)}k`.padStart(5);
  return `${Math.floor(n / 1048576)}M`.padStart(5);
}

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';
const NOTIME = '--:--:-- --:--:-- --:--:--';

function meterLine(bytes: number): string {
  const pct = bytes ? '100' : '  0';
  const speed = bytes * 1000;
  return `\r${pct} ${max5(bytes)}  ${pct} ${max5(bytes)}    0 ${max5(0)}  ${max5(speed)}  ${max5(0)} ${NOTIME} ${max5(speed)}`;
}

function writeOut(format: string, code: number, ip: string, port: number, size: number): string {
  return format
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/%\{http_code\}|%\{response_code\}/g, String(code).padStart(3, '0'))
    .replace(/%\{remote_ip\}/g, ip)
    .replace(/%\{remote_port\}/g, code ? String(port) : '')
    .replace(/%\{size_download\}/g, String(size));
}

export function curlCommand(ctx: ShellCtx, argv: string[]): number {
  const o = parse(argv);
  if (o.url === undefined) throw new SimError(`curl: no URL specified!\n${TRY}`, 2);
  const url = parseUrl(o.url);
  if (!url) throw new SimError(`curl: (3) <url> malformed`, 3);
  const old = userlandOf(ctx) !== 'debian';
  const version = old ? '7.29.0' : '7.64.0';
  const meter = o.output !== undefined && !o.silent;
  const verbose = (line: string) => o.verbose && write(ctx, `${line}\n`);
  let ip = '';
  const fail = (code: number, text: string): number => {
    if (meter) write(ctx, METER_HEAD + meterLine(0));
    verbose(`* ${text}`);
    verbose('* Closing connection 0');
    if (!o.silent || o.showError) write(ctx, `curl: (${code}) ${text}\n`);
    if (o.writeOut !== undefined) write(ctx, writeOut(o.writeOut, 0, ip, url.port, 0));
    return code;
  };

  if (old) verbose(`* About to connect() to ${url.host} port ${url.port} (#0)`);
  const res = resolveName(ctx, url.host);
  if (res.kind !== 'ok') {
    const why = res.kind === 'nxdomain' ? 'Name or service not known' : 'Unknown error';
    return fail(6, old ? `Could not resolve host: ${url.host}; ${why}` : `Could not resolve host: ${url.host}`);
  }
  ip = formatIp4(res.addr);
  verbose(`*   Trying ${ip}...`);
  if (!old) verbose('* TCP_NODELAY set');
  const conn = connectTcp(ctx, res.addr, url.port);
  const connectErr = (why: string) => {
    if (o.verbose) write(ctx, old ? `* ${why}\n` : `* connect to ${ip} port ${url.port} failed: ${why}\n`);
    return fail(7, old ? `Failed connect to ${url.host}:${url.port}; ${why}` : `Failed to connect to ${url.host} port ${url.port}: ${why}`);
  };
  const limit = Math.min(o.maxTime ?? Infinity, o.connectTimeout ?? Infinity);
  if (conn.kind === 'refused') return connectErr('Connection refused');
  if (conn.kind === 'error') return connectErr(conn.message);
  if (conn.kind === 'timeout') {
    if (limit < 127) return fail(28, `Connection timed out after ${Math.round(limit * 1000) + 1} milliseconds`);
    return connectErr('Connection timed out');
  }
  verbose(`* Connected to ${url.host} (${ip}) port ${url.port} (#0)`);
  const hostHeader = url.port === 80 ? url.host : `${url.host}:${url.port}`;
  const method = o.head ? 'HEAD' : 'GET';
  if (o.verbose) {
    const ua = `> User-Agent: curl/${version}\r\n`;
    const host = `> Host: ${hostHeader}\r\n`;
    write(ctx, `> ${method} ${url.path} HTTP/1.1\r\n${old ? ua + host : host + ua}> Accept: */*\r\n> \r\n`);
  }
  if (conn.kind === 'reset') {
    if (conn.late && o.maxTime !== undefined) {
      return fail(28, `Operation timed out after ${Math.round(o.maxTime * 1000) + 1} milliseconds with 0 out of 0 bytes received`);
    }
    return fail(56, 'Recv failure: Connection reset by peer');
  }
  const answer = serveHttp(conn.program, method, url.path.replace(/[?#].*$/, ''), ctx.world.clock);
  if (answer.kind === 'empty') return fail(52, 'Empty reply from server');
  const r: HttpResponse = answer.response;
  const status = r.status;
  if (o.verbose) write(ctx, headerBlock(r).split('\r\n').slice(0, -1).map((l) => `< ${l}\r\n`).join(''));
  if (o.fail && status >= 400) {
    return fail(22, `The requested URL returned error: ${r.statusLine.replace(/^HTTP\/\S+ /, '')}`);
  }
  const size = r.body.length;
  let data = (o.head || o.include ? headerBlock(r) : '') + r.body;
  if (o.output !== undefined) {
    if (o.output !== '/dev/null' && o.output !== '-') writeFile(ctx, absolutePath(o.output), data);
    if (o.output === '-') write(ctx, data);
    data = '';
  }
  if (meter) write(ctx, `${METER_HEAD}${meterLine(0)}${meterLine(size)}\n`);
  write(ctx, data);
  if (o.verbose) write(ctx, `* Connection #0 to host ${url.host} left intact\n`);
  if (o.writeOut !== undefined) write(ctx, writeOut(o.writeOut, status, ip, url.port, size));
  return 0;
}
