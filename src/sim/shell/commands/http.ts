/**
 * What the simulated servers answer to one HTTP request: the status line, headers and body of the
 * program behind the accepting socket, as curl and wget receive them.
 *
 * - `nginx`: the 1.17 welcome page, byte for byte as seed 001 prints it (612 bytes).
 * - `java` (tomcat:7, 7.0.109): the image ships an empty `webapps` (docker-library/tomcat moved the
 *   default apps to `webapps.dist`), so `/` is Tomcat 7's ErrorReportValve 404 page.
 * - `httpd` (BusyBox, `-h /`): no index.html, so the built-in 404 page of networking/httpd.c
 *   (`send_headers`: HTTP/1.0, `Content-type`, the `<HTML><HEAD>…` body).
 * - anything else (redis-server, mysqld, nc, docker-proxy with nobody behind): no HTTP answer.
 *
 * `connectTcp` is the client side: a TCP connect through the packet engine, following docker-proxy.
 */
import type { Ip4 } from '../../net/types';
import { probe } from '../../packet/probe';
import type { ProbeOutcome } from '../../packet/trace';
import type { ShellCtx } from '../context';
import { applyLearned } from './ping';
import { MONTHS, pad2, utcFields, WEEKDAYS } from '../../time';

export interface HttpResponse {
  /** `HTTP/1.1 200 OK` */
  statusLine: string;
  status: number;
  headers: [string, string][];
  body: string;
}

/** The server closed the connection without a byte (curl `(52) Empty reply from server`). */
export type HttpAnswer = { kind: 'response'; response: HttpResponse } | { kind: 'empty' };

export const NGINX_PAGE = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** index.html's mtime in the nginx:1.17.4 image (ETag = hex mtime - hex length). */
const NGINX_MTIME = 1569336550;

const TOMCAT_VERSION = 'Apache Tomcat/7.0.109';

/** org.apache.catalina.util.TomcatCSS (Tomcat 7). */
const TOMCAT_CSS =
  'H1 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:22px;} ' +
  'H2 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:16px;} ' +
  'H3 {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;font-size:14px;} ' +
  'BODY {font-family:Tahoma,Arial,sans-serif;color:black;background-color:white;} ' +
  'B {font-family:Tahoma,Arial,sans-serif;color:white;background-color:#525D76;} ' +
  'P {font-family:Tahoma,Arial,sans-serif;background:white;color:black;font-size:12px;}' +
  'A {color : black;}' +
  'A.name {color : black;}' +
  'HR {color : #525D76;}';

/** ErrorReportValve.report() of Tomcat 7 for a 404 from the DefaultServlet (message = the URI). */
export function tomcatNotFound(path: string): string {
  return (
    `<html><head><title>${TOMCAT_VERSION} - Error report</title><style><!--${TOMCAT_CSS}--></style> ` +
    `</head><body><h1>HTTP Status 404 - ${path}</h1><HR size="1" noshade="noshade">` +
    `<p><b>type</b> Status report</p><p><b>message</b> <u>${path}</u></p>` +
    '<p><b>description</b> <u>The requested resource is not available.</u></p>' +
    `<HR size="1" noshade="noshade"><h3>${TOMCAT_VERSION}</h3></body></html>`
  );
}

/** BusyBox httpd's own error page (networking/httpd.c `send_headers`). */
export const BUSYBOX_404 =
  '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n';

const p2 = pad2;

/** RFC 1123 date as servers send it: `Mon, 23 Nov 2026 09:00:00 GMT`. */
export function httpDate(ms: number): string {
  const t = utcFields(ms);
  return `${WEEKDAYS[t.wday]}, ${p2(t.d)} ${MONTHS[t.mo - 1]} ${t.y} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)} GMT`;
}

/** Answers `method path` for the program listening on the socket that accepted the connection. */
export function serveHttp(program: string, method: 'GET' | 'HEAD', path: string, clock: number): HttpAnswer {
  const date = httpDate(clock);
  const head = method === 'HEAD';
  if (program === 'nginx') {
    if (path === '/' || path === '/index.html') {
      const len = NGINX_PAGE.length;
      return ok('HTTP/1.1 200 OK', 200, [
        ['Server', 'nginx/1.17.4'], ['Date', date], ['Content-Type', 'text/html'], ['Content-Length', String(len)],
        ['Last-Modified', httpDate(NGINX_MTIME * 1000)], ['Connection', 'keep-alive'],
        ['ETag', `"${NGINX_MTIME.toString(16)}-${len.toString(16)}"`], ['Accept-Ranges', 'bytes'],
      ], head ? '' : NGINX_PAGE);
    }
    const body = nginxNotFound();
    return ok('HTTP/1.1 404 Not Found', 404, [
      ['Server', 'nginx/1.17.4'], ['Date', date], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)],
      ['Connection', 'keep-alive'],
    ], head ? '' : body);
  }
  if (program === 'java') {
    const body = tomcatNotFound(path);
    return ok('HTTP/1.1 404 Not Found', 404, [
      ['Server', 'Apache-Coyote/1.1'], ['Content-Type', 'text/html;charset=utf-8'], ['Content-Language', 'en'],
      ['Content-Length', String(body.length)], ['Date', date],
    ], head ? '' : body);
  }
  if (program === 'httpd') {
    return ok('HTTP/1.1 404 Not Found', 404, [['Date', date], ['Connection', 'close'], ['Content-type', 'text/html']], head ? '' : BUSYBOX_404);
  }
  return { kind: 'empty' };
}

function nginxNotFound(): string {
  return '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.17.4</center>\r\n</body>\r\n</html>\r\n';
}

function ok(statusLine: string, status: number, headers: [string, string][], body: string): HttpAnswer {
  return { kind: 'response', response: { statusLine, status, headers, body } };
}

/** The header block as it travels: status line, `Name: value` lines, each ending in CRLF, then CRLF. */
export function headerBlock(r: HttpResponse): string {
  return `${r.statusLine}\r\n${r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** How a TCP connect ends for the client, after any docker-proxy on the way. */
export type TcpResult =
  /** Accepted; `program` is the server behind the last proxy. */
  | { kind: 'open'; program: string; peer: Ip4 }
  /** Accepted by docker-proxy, whose own connection failed: it closes the client's (RST). */
  | { kind: 'reset'; late: boolean }
  | { kind: 'refused' }
  /** The SYN (or its answer) was dropped: the kernel retries for ~127 s. */
  | { kind: 'timeout' }
  | { kind: 'error'; message: 'No route to host' | 'Network is unreachable' | 'Operation not permitted' };

/**
 * `connect()` from the place's namespace to dst:port. Every probe's trace goes to ctx.traces and
 * what the kernel learned (ARP, FDB) is applied. A socket carrying `proxy` (docker-proxy) makes
 * its own connection from its namespace to the backend; the client sees that one's fate.
 */
export function connectTcp(ctx: ShellCtx, dst: Ip4, port: number): TcpResult {
  let from = ctx.place.ns;
  let addr = dst;
  let dport = port;
  for (let hop = 0; hop < 4; hop++) {
    const r = probe(ctx.world, { from, dst: addr, proto: 'tcp', dport });
    applyLearned(ctx.world, r);
    ctx.traces.push(r);
    const out = r.outcome;
    if (out.kind !== 'tcp-open') {
      const failed = failure(out);
      if (hop === 0) return failed;
      return { kind: 'reset', late: failed.kind === 'timeout' };
    }
    const syn = r.steps.find((s) => s.kind === 'deliver' && s.frame.proto === 'tcp' && s.frame.tcpFlags === 'S');
    const ns = syn ? ctx.world.netns[syn.ns] : undefined;
    const sock = ns?.sockets.find(
      (s) => s.proto === 'tcp' && s.port === syn!.frame.dport && (s.addr === 0 || s.addr === syn!.frame.dst),
    );
    if (!sock?.proxy || !ns) return { kind: 'open', program: sock?.program ?? '', peer: out.from };
    from = ns.id;
    addr = sock.proxy.addr;
    dport = sock.proxy.port;
  }
  return { kind: 'reset', late: false };
}

function failure(out: ProbeOutcome): Exclude<TcpResult, { kind: 'open' } | { kind: 'reset' }> {
  switch (out.kind) {
    case 'tcp-refused':
      return { kind: 'refused' };
    case 'unreachable':
      if (out.code === 'port') return { kind: 'refused' };
      return { kind: 'error', message: out.code === 'net' ? 'Network is unreachable' : 'No route to host' };
    case 'no-route':
      return { kind: 'error', message: 'Network is unreachable' };
    case 'send-error':
      return { kind: 'error', message: 'Operation not permitted' };
    default:
      return { kind: 'timeout' };
  }
}
