import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUrl } from './curl';
import { session } from '../../lab/session.test-util';

/** Seed 001's two curls on the host (the refusal in the seed is in a Chinese locale; this is the C one). */
function golden(): { command: string; output: string }[] {
  const text = readFileSync(new URL('./__golden__/seed-001-curl.txt', import.meta.url), 'utf8');
  const out: { command: string; output: string }[] = [];
  for (const line of text.split('\n').slice(0, -1)) {
    const m = /^\[[^\]]+\]# (.*)$/.exec(line);
    if (m) out.push({ command: m[1]!, output: '' });
    else out[out.length - 1]!.output += `${line}\n`;
  }
  return out;
}

describe('curl 7.29 on the host (seed 001)', () => {
  const g = golden();
  const runs = session(
    ['docker run -d --name t1 busybox sleep 1d', 'docker run -d --name t2 busybox sleep 1d', 'docker run -d --name t3 busybox sleep 1d', 'docker run -d --name web nginx'],
    g.map((x) => x.command),
  );

  it('prints the nginx welcome page byte for byte, and the refusal', () => {
    expect(runs.map((r) => r.output)).toEqual(g.map((x) => x.output));
    expect(runs.map((r) => r.exitCode)).toEqual([0, 7]);
  });

  it('pushes the connection to ctx.traces', () => {
    expect(runs[0]!.traces.map((t) => t.outcome.kind)).toEqual(['tcp-open']);
  });
});

describe('curl through docker-proxy and in images', () => {
  const [viaProxy, head, reset, dropped, dropped28, unknown, writeOut, meter, debianRefused, debianUnknown, tomcat, httpd, verbose, silent] = session(
    [
      'docker network create net1',
      'docker run -d --name web -p 80:80 nginx',
      'docker run -d --name idle -p 8082:80 busybox sleep 1d',
      'docker run -d --name other --network net1 busybox sleep 1d',
      'docker run -d --name tc -p 8888:8080 tomcat:7',
      'docker run -d --name bb -p 8081:80 busybox httpd -f -p 80',
    ],
    [
      'curl http://127.0.0.1/',
      'curl -I localhost',
      'curl localhost:8082',
      'docker exec web curl 172.18.0.2',
      'docker exec web curl --connect-timeout 2 172.18.0.2',
      'curl nosuchhost',
      'curl -s -o /dev/null -w "%{http_code}\\n" 127.0.0.1',
      'curl -o /dev/null 127.0.0.1:9',
      'docker exec web curl localhost:9',
      'docker exec web curl nosuchhost',
      'curl localhost:8888',
      'curl 127.0.0.1:8081',
      'curl -v 127.0.0.1:9',
      'curl -s 127.0.0.1:9',
    ],
  );

  it('reaches a published port through docker-proxy (two connections traced)', () => {
    expect(viaProxy!.output).toContain('<title>Welcome to nginx!</title>');
    expect(viaProxy!.traces.map((t) => t.outcome.kind)).toEqual(['tcp-open', 'tcp-open']);
  });

  it('prints response headers with -I', () => {
    expect(head!.output).toMatch(
      /^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.17\.4\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\nContent-Type: text\/html\r\nContent-Length: 612\r\nLast-Modified: Tue, 24 Sep 2019 14:49:10 GMT\r\nConnection: keep-alive\r\nETag: "5d8a2ce6-264"\r\nAccept-Ranges: bytes\r\n\r\n$/,
    );
  });

  it('gets a reset when docker-proxy finds nobody behind it', () => {
    expect([reset!.output, reset!.exitCode]).toEqual(['curl: (56) Recv failure: Connection reset by peer\n', 56]);
  });

  it('waits for the kernel on a dropped SYN, or for the timeout option', () => {
    expect([dropped!.output, dropped!.exitCode]).toEqual(['curl: (7) Failed to connect to 172.18.0.2 port 80: Connection timed out\n', 7]);
    expect([dropped28!.output, dropped28!.exitCode]).toEqual(['curl: (28) Connection timed out after 2001 milliseconds\n', 28]);
  });

  it('uses the 7.29 and 7.64 texts', () => {
    expect([unknown!.output, unknown!.exitCode]).toEqual(['curl: (6) Could not resolve host: nosuchhost; Name or service not known\n', 6]);
    expect([debianRefused!.output, debianRefused!.exitCode]).toEqual(['curl: (7) Failed to connect to localhost port 9: Connection refused\n', 7]);
    expect([debianUnknown!.output, debianUnknown!.exitCode]).toEqual(['curl: (6) Could not resolve host: nosuchhost\n', 6]);
  });

  it('supports -w and shows the progress meter when the body goes to a file', () => {
    expect(writeOut!.output).toBe('200\n');
    expect(meter!.output).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
        '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
        'curl: (7) Failed connect to 127.0.0.1:9; Connection refused\n',
    );
  });

  it("serves Tomcat 7's 404 and BusyBox httpd's 404", () => {
    expect(tomcat!.output).toMatch(/^<html><head><title>Apache Tomcat\/7\.0\.109 - Error report<\/title>.*<h1>HTTP Status 404 - \/<\/h1>.*<\/body><\/html>$/);
    expect(httpd!.output).toBe(
      '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n',
    );
  });

  it('is verbose with -v and quiet with -s', () => {
    expect(verbose!.output).toBe(
      '* About to connect() to 127.0.0.1 port 9 (#0)\n*   Trying 127.0.0.1...\n* Connection refused\n' +
        '* Failed connect to 127.0.0.1:9; Connection refused\n* Closing connection 0\n' +
        'curl: (7) Failed connect to 127.0.0.1:9; Connection refused\n',
    );
    expect([silent!.output, silent!.exitCode]).toEqual(['', 7]);
  });
});

describe('parseUrl', () => {
  it.each([
    ['172.17.0.5', { host: '172.17.0.5', port: 80, path: '/' }],
    ['localhost:8080', { host: 'localhost', port: 8080, path: '/' }],
    ['http://web:8080/a/b?x=1', { host: 'web', port: 8080, path: '/a/b?x=1' }],
    ['https://web', { host: 'web', port: 443, path: '/' }],
  ])('%s', (text, url) => {
    expect(parseUrl(text)).toEqual(url);
  });
});
