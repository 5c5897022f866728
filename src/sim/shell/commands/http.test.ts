import { describe, expect, it } from 'vitest';
import { LAB_EPOCH } from '../../net/world';
import { BUSYBOX_404, httpDate, NGINX_PAGE, serveHttp, tomcatNotFound } from './http';

describe('service pages', () => {
  it('formats RFC 1123 dates without Date', () => {
    expect(httpDate(LAB_EPOCH)).toBe('Mon, 23 Nov 2026 09:00:00 GMT');
    expect(httpDate(1569336550000)).toBe('Tue, 24 Sep 2019 14:49:10 GMT');
    expect(httpDate(951782400000)).toBe('Tue, 29 Feb 2000 00:00:00 GMT');
  });

  it('serves the 612-byte nginx page and the 404s', () => {
    expect(NGINX_PAGE.length).toBe(612);
    const nginx = serveHttp('nginx', 'GET', '/', LAB_EPOCH);
    expect(nginx.kind === 'response' && nginx.response.body).toBe(NGINX_PAGE);
    const tc = serveHttp('java', 'GET', '/', LAB_EPOCH);
    expect(tc.kind === 'response' && tc.response.body).toBe(tomcatNotFound('/'));
    const bb = serveHttp('httpd', 'HEAD', '/', LAB_EPOCH);
    expect(bb.kind === 'response' && bb.response.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(BUSYBOX_404.endsWith('</BODY></HTML>\n')).toBe(true);
    expect(serveHttp('redis-server', 'GET', '/', LAB_EPOCH).kind).toBe('empty');
  });
});
