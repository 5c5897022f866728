/**
 * What a container's main process does, decided from its image and command line: whether it keeps
 * running (a `while true; do sleep` loop, `sleep`, `httpd -f`, nginx, tomcat, an interactive shell)
 * or exits at once (busybox `sh` without `-i`), what it prints (`docker logs`), which TCP ports it
 * listens on, and its exit code when `docker stop` sends SIGTERM (a shell or `sleep` as PID 1
 * ignores it, so SIGKILL follows after 10 s: 137; nginx quits cleanly: 0).
 */
import type { Container } from './types';
import { imageHas, isShell } from './images';

export interface Process {
  running: boolean;
  exitCode: number;
  output: string;
  program: string;
  listens: number[];
  termExit: number;
  bindError: (port: number) => string;
  /** The main process is a network tool (`ip a`, `ping -c 2 x`): the shell runs it once, then the container exits. */
  tool?: boolean;
}

/** Tools that, as a container's command, run once in its namespace and exit. */
const TOOLS = new Set(['ip', 'ifconfig', 'route', 'netstat', 'cat', 'nslookup', 'wget', 'curl', 'telnet', 'hostname', 'env', 'ping']);


function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The executable Docker would exec, or undefined when the image has it. */
export function missingExecutable(c: Container): string | undefined {
  return imageHas(c.img, c.path) ? undefined : c.path;
}

function httpdPort(args: string[]): number {
  const i = args.indexOf('-p');
  const v = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith('-p'))?.slice(2);
  const n = Number(v?.split(':').pop());
  return Number.isInteger(n) && n > 0 ? n : 80;
}

/** `sleep` arguments as BusyBox and coreutils read them: `30`, `0.2`, `5m`, `1d`, `inf`. */
function sleepSeconds(arg: string): number {
  if (arg === 'inf' || arg === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

export function processOf(c: Container): Process {
  const argv = [c.path, ...c.args];
  const b = base(c.path);
  const p: Process = {
    running: false, exitCode: 0, output: '', program: b, listens: [], termExit: 137,
    bindError: (port) => `bind: Address in use (${port})\n`,
  };
  const script = isShell(b) && c.args[0] === '-c' ? c.args.slice(1).join(' ') : undefined;
  if (TOOLS.has(b) && !(b === 'ping' && !c.args.some((a) => /^-[a-zA-Z]*c/.test(a) || a === '-w'))) {
    return { ...p, running: true, tool: true, termExit: 0 };
  }
  if (b === 'nginx' || c.path === '/docker-entrypoint.sh') {
    return {
      ...p, running: true, program: 'nginx', listens: [80], termExit: 0,
      output: '/docker-entrypoint.sh: Configuration complete; ready for start up\n',
      bindError: (port) => `nginx: [emerg] bind() to 0.0.0.0:${port} failed (98: Address already in use)\n`,
    };
  }
  if (b === 'catalina.sh') return { ...p, running: true, program: 'java', listens: [8080], termExit: 143, output: 'INFO: Server startup in 612 ms\n' };
  if (b === 'docker-entrypoint.sh' && c.img?.repo === 'redis') {
    return { ...p, running: true, program: 'redis-server', listens: [6379], termExit: 0, output: '1:M * Ready to accept connections\n' };
  }
  if (b === 'docker-entrypoint.sh' && c.img?.repo === 'mysql') {
    if (!c.env.some((e) => /^MYSQL_(ROOT_PASSWORD|ALLOW_EMPTY_PASSWORD|RANDOM_ROOT_PASSWORD)=/.test(e))) {
      return {
        ...p, exitCode: 1,
        output:
          '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n' +
          '    You need to specify one of the following as an environment variable:\n' +
          '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
      };
    }
    return { ...p, running: true, program: 'mysqld', listens: [3306, 33060], termExit: 0, output: '[Server] /usr/sbin/mysqld: ready for connections.\n' };
  }
  if (isShell(b) && script === undefined) {
    // A shell reads stdin: with -i it waits for input, without it sees EOF and exits.
    return { ...p, running: c.interactive, program: b };
  }
  const text = script ?? argv.join(' ');
  // What the script prints before it settles (`echo hello; echo world; sleep 3600`).
  const echoes = (script ?? '')
    .split(/;|&&|\n/)
    .map((part) => /^\s*echo\s+(.*?)\s*(?:[12]?>&[12])?\s*$/.exec(part)?.[1])
    .filter((x): x is string => x !== undefined)
    .map((x) => `${x.replace(/^(["'])(.*)\1$/, '$2')}\n`)
    .join('');
  p.output = echoes;
  const words = text.split(/[\s;&|]+/).filter(Boolean);
  if (/\bhttpd\b/.test(text)) {
    const args = words.slice(words.indexOf('httpd') + 1);
    const port = httpdPort(args);
    // Without -f httpd daemonizes; the shell (or httpd itself as PID 1) then exits.
    const foreground = args.includes('-f') || /while\s+(true|:)|sleep\s+\d|tail\s+-f/.test(text);
    return { ...p, running: foreground, program: 'httpd', listens: foreground ? [port] : [] };
  }
  // Long-running: loops, tail -f, top, ping, init, nc -l, or a sleep of a minute or more (the lab
  // clock rarely gets that far); a script that only sleeps briefly runs to its end.
  const longSleep = [...text.matchAll(/\bsleep\s+(\S+)/g)].some((m) => sleepSeconds(m[1]!) >= 60);
  if (longSleep || /while\s+(true|:)|\btail\s+-f|\btop\b|\bping\b|\/usr\/sbin\/init|\bnc\s+-l/.test(text)) {
    return { ...p, running: true, program: words[0] === 'sh' ? 'sh' : base(words[0] ?? b) };
  }
  if (script !== undefined) {
    const exit = [...script.matchAll(/(?:^|[;&|\n]\s*)exit\s+(\d+)/g)].at(-1);
    return { ...p, exitCode: exit ? Number(exit[1]) & 255 : 0 };
  }
  const echo = script === undefined ? /^\s*echo\s+(.*)$/.exec(text) : null;
  if (echo) return { ...p, output: `${echo[1]!.replace(/^["']|["']$/g, '')}\n` };
  if (b === 'false') return { ...p, exitCode: 1 };
  return p;
}
