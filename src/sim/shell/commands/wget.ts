/**
 * `wget`: BusyBox's applet (1.35, networking/wget.c + libbb/progress.c) in BusyBox images, GNU
 * Wget 1.20 in the Debian images that carry it (tomcat:7). The CentOS host has no wget (the
 * seeds' Vagrant box does not install it): `-bash: wget: command not found`.
 *
 * BusyBox: `-O FILE|-`, `-q`, `-T SEC`, `--spider`; `Connecting to web (172.18.0.4:80)`,
 * `writing to stdout` / `saving to 'index.html'`, the status bar as printed when stderr is not
 * a terminal (80 columns: a 32-star bar), `written to stdout` / `'index.html' saved`; errors
 * `wget: bad address 'x'`, `wget: can't connect to remote host (ip): Connection refused`,
 * `wget: server returned error: HTTP/1.0 404 Not Found`, `wget: download timed out` (-T).
 */
import { SimError } from '../../net/errors';
import { formatIp4 } from '../../net/ip4';
import type { ShellCtx } from '../context';
import { userlandOf, write } from '../context';
import { readFile, writeFile } from '../fs';
import { absolutePath } from './cat';
import { resolveName } from '../resolve';
import { parseUrl, type Url } from './curl';
import { connectTcp, serveHttp, type HttpResponse } from './http';
import { utcFields } from '../../time';

interface Options {
  output?: string;
  quiet: boolean;
  spider: boolean;
  timeout?: number;
  url?: string;
}

const BB_USAGE = `BusyBox v1.35.0 multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy`;

function parse(argv: string[], gnu: boolean): Options {
  const o: Options = { quiet: false, spider: false };
  const args = argv.slice(1);
  const bad = (what: string): never => {
    if (gnu) throw new SimError(`wget: ${what}\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.`, 2);
    throw new SimError(`wget: ${what}\n${BB_USAGE}`, 1);
  };
  while (args.length) {
    const a = args.shift()!;
    if (a === '--spider') o.spider = true;
    else if (a === '--quiet') o.quiet = true;
    else if (a.startsWith('--output-document=')) o.output = a.slice(18);
    else if (a.startsWith('--timeout=')) o.timeout = Number(a.slice(10));
    else if (a.startsWith('--')) bad(gnu ? `unrecognized option '${a}'` : `unrecognized option '${a}'`);
    else if (a.startsWith('-') && a.length > 1) {
      for (let i = 1; i < a.length; i++) {
        const c = a[i]!;
        if (c === 'q') o.quiet = true;
        else if (c === 'c' || c === 'S') continue;
        else if ('OTPUYto'.includes(c)) {
          const v = i + 1 < a.length ? a.slice(i + 1) : args.shift();
          if (v === undefined) return bad(`option requires an argument -- '${c}'`);
          if (c === 'O') o.output = v;
          if (c === 'T') o.timeout = Number(v);
          break;
        } else bad(`invalid option -- '${c}'`);
      }
    } else o.url ??= a;
  }
  return o;
}

/** libbb/progress.c, stderr not a tty: no `\r`, a 32-star bar, a newline at the end. */
export function busyboxBar(name: string, bytes: number): string {
  return `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${String(bytes).padStart(5)}  0:00:00 ETA\n`;
}

/** The file a URL is saved to without -O: the last path component, else index.html. */
function outName(url: Url): string {
  const last = url.path.replace(/[?#].*$/, '').split('/').pop() ?? '';
  return last === '' ? 'index.html' : last;
}

type Fetched = { kind: 'ok'; response: HttpResponse; ip: string } | { kind: 'failed'; code: number };

export function wgetCommand(ctx: ShellCtx, argv: string[]): number {
  const land = userlandOf(ctx);
  if (land === 'host' || land === 'centos') {
    write(ctx, `-bash: wget: command not found\n`);
    return 127;
  }
  const gnu = land === 'debian';
  const o = parse(argv, gnu);
  if (o.url === undefined) {
    if (gnu) throw new SimError("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.", 1);
    throw new SimError(BB_USAGE, 1);
  }
  const url = parseUrl(o.url);
  if (!url) throw new SimError(`wget: bad address '${o.url}'`, 1);
  return gnu ? gnuWget(ctx, o, url) : busyboxWget(ctx, o, url);
}

function fetch(ctx: ShellCtx, url: Url, head: boolean, err: (kind: string, detail: string) => number): Fetched {
  const r = resolveName(ctx, url.host);
  if (r.kind !== 'ok') return { kind: 'failed', code: err('resolve', '') };
  const ip = formatIp4(r.addr);
  const conn = connectTcp(ctx, r.addr, url.port);
  if (conn.kind === 'refused') return { kind: 'failed', code: err('connect', 'Connection refused') };
  if (conn.kind === 'error') return { kind: 'failed', code: err('connect', conn.message) };
  if (conn.kind === 'timeout') return { kind: 'failed', code: err('timeout', 'Connection timed out') };
  if (conn.kind === 'reset') return { kind: 'failed', code: err('reset', 'Connection reset by peer') };
  const answer = serveHttp(conn.program, head ? 'HEAD' : 'GET', url.path.replace(/[?#].*$/, ''), ctx.world.clock);
  if (answer.kind === 'empty') return { kind: 'failed', code: err('empty', '') };
  return { kind: 'ok', response: answer.response, ip };
}

function busyboxWget(ctx: ShellCtx, o: Options, url: Url): number {
  const say = (text: string) => !o.quiet && write(ctx, text);
  const hostPort = url.port === 80 ? url.host : `${url.host}:${url.port}`;
  let ip = '';
  const die = (text: string) => {
    write(ctx, `wget: ${text}\n`);
    return 1;
  };
  const r = resolveName(ctx, url.host);
  if (r.kind === 'ok') {
    ip = formatIp4(r.addr);
    say(`Connecting to ${hostPort} (${ip}:${url.port})\n`);
  }
  const f = fetch(ctx, url, o.spider, (kind, detail) => {
    if (kind === 'resolve') return die(`bad address '${url.host}'`);
    if (kind === 'connect') return die(`can't connect to remote host (${ip}): ${detail}`);
    if (kind === 'timeout') return die(o.timeout !== undefined ? 'download timed out' : `can't connect to remote host (${ip}): ${detail}`);
    if (kind === 'reset') return die(`error getting response: ${detail}`);
    return die('error getting response');
  });
  if (f.kind === 'failed') return f.code;
  const res = f.response;
  if (res.status !== 200 && res.status !== 204 && !(res.status >= 300 && res.status < 400)) {
    return die(`server returned error: ${res.statusLine}`);
  }
  if (o.spider) return 0;
  const toStdout = o.output === '-';
  const name = o.output ?? outName(url);
  if (!toStdout) {
    if (o.output === undefined && readFile(ctx, absolutePath(name)) !== undefined) return die(`can't open '${name}': File exists`);
    say(`saving to '${name}'\n`);
    writeFile(ctx, absolutePath(name), res.body);
  } else {
    say('writing to stdout\n');
    write(ctx, res.body);
  }
  say(busyboxBar(toStdout ? '-' : name.slice(name.lastIndexOf('/') + 1), res.body.length));
  say(toStdout ? 'written to stdout\n' : `'${name}' saved\n`);
  return 0;
}

/** GNU Wget 1.20 (Debian buster), C locale (plain quotes), stderr not a tty (dot progress). */
function gnuWget(ctx: ShellCtx, o: Options, url: Url): number {
  const t = utcFields(ctx.world.clock);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const stamp = `${t.y}-${p2(t.mo)}-${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`;
  const say = (text: string) => !o.quiet && write(ctx, text);
  const full = `http://${url.port === 80 ? url.host : `${url.host}:${url.port}`}${url.path}`;
  say(`--${stamp}--  ${full}\n`);
  const named = resolveName(ctx, url.host);
  const literal = named.kind === 'ok' && named.source === 'literal';
  if (named.kind === 'ok' && !literal) say(`Resolving ${url.host} (${url.host})... ${formatIp4(named.addr)}\n`);
  const where = named.kind !== 'ok' ? '' : literal ? `${url.host}:${url.port}` : `${url.host} (${url.host})|${formatIp4(named.addr)}|:${url.port}`;
  const f = fetch(ctx, url, o.spider, (kind, detail) => {
    if (kind === 'resolve') {
      say(`Resolving ${url.host} (${url.host})... failed: ${named.kind === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}.\n`);
      write(ctx, `wget: unable to resolve host address '${url.host}'\n`);
      return 4;
    }
    if (kind === 'connect' || kind === 'timeout') {
      say(`Connecting to ${where}... failed: ${detail}.\n`);
      return 4;
    }
    say(`Connecting to ${where}... connected.\nHTTP request sent, awaiting response... `);
    say(kind === 'reset' ? `Read error (${detail}) in headers.\n` : 'No data received.\n');
    return 4;
  });
  if (f.kind === 'failed') return f.code;
  const res = f.response;
  const reason = res.statusLine.replace(/^HTTP\/\S+ /, '');
  say(`Connecting to ${where}... connected.\nHTTP request sent, awaiting response... ${reason}\n`);
  if (res.status >= 400) {
    say(`${stamp} ERROR ${res.status}: ${reason.replace(/^\d+ /, '')}.\n\n`);
    return 8;
  }
  const type = res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'text/plain';
  say(`Length: ${res.body.length} [${type}]\n`);
  if (o.spider) {
    say('Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n');
    return 0;
  }
  const toStdout = o.output === '-';
  let name = o.output ?? outName(url);
  if (o.output === undefined) {
    for (let n = 1; readFile(ctx, absolutePath(name)) !== undefined; n++) name = `${outName(url)}.${n}`;
  }
  say(`Saving to: '${toStdout ? 'STDOUT' : name}'\n\n`);
  if (toStdout) write(ctx, res.body);
  else writeFile(ctx, absolutePath(name), res.body);
  const size = res.body.length;
  // stderr is not a terminal under `docker exec`: the "dot" progress style.
  // A local transfer takes ~10 µs: bytes/10 MB/s, printed in MiB/s.
  const speed = (size / 10 / 1.048576).toFixed(1);
  say(`     0K${' '.repeat(55)} 100% ${speed}M=0s\n\n`);
  say(`${stamp} (${speed} MB/s) - ${toStdout ? 'written to stdout' : `'${name}' saved`} [${size}/${size}]\n\n`);
  return 0;
}
