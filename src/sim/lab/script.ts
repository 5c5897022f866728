/**
 * Lab scripts: one command per line, `#` comments. A line may start with a prompt copied from a
 * transcript, which selects the host and is stripped: `[root@docker-node1 ~]# CMD`,
 * `[vagrant@docker-node1 vagrant]$ CMD`, `~]# CMD`.
 */
import { createDefaultWorld } from './default-world';
import type { World } from '../net/types';
import { findHostByName } from '../net/world';
import { execute } from '../shell/execute';
import type { Trace } from '../packet/trace';
import type { Session } from '../shell/context';
import { promptOf } from '../shell/prompt';

export interface ScriptLine {
  /** Hostname selected by a prompt; undefined keeps the previous host. */
  host?: string;
  command: string;
  line: number;
  /** The body of a here-document (`cat > f <<EOF` ... `EOF`), as the command's stdin. */
  stdin?: string;
}

const PROMPT = /^\[[^@\]\s]+@([^\s\]]+)[^\]]*\][#$]\s?(.*)$/;
/** Prompts of shells inside containers: BusyBox `/ # `, Debian `root@abc:/# `. */
const CONTAINER_PROMPT = /^(?:\/ #|root@[\w.-]+:[^#]*#)\s?(.*)$/;
const SHORT_PROMPT = /^~\]#\s?(.*)$/;

const HEREDOC = /<<-?\s*(['"]?)(\w+)\1\s*$/;

export function parseScript(text: string): ScriptLine[] {
  const out: ScriptLine[] = [];
  const lines = text.split(/\r?\n/);
  let body: { tag: string; lines: string[]; into: ScriptLine } | undefined;
  lines.forEach((raw, i) => {
    if (body) {
      if (raw.trim() === body.tag) {
        body.into.stdin = body.lines.map((l) => `${l}\n`).join('');
        body = undefined;
      } else body.lines.push(raw);
      return;
    }
    let line = raw.trim();
    let host: string | undefined;
    const m = PROMPT.exec(line);
    if (m) {
      host = m[1];
      line = m[2]!.trim();
    } else {
      const s = SHORT_PROMPT.exec(line) ?? CONTAINER_PROMPT.exec(line);
      if (s) line = s[1]!.trim();
    }
    if (line === '' || line.startsWith('#')) return;
    const h = HEREDOC.exec(line);
    const entry: ScriptLine = { ...(host !== undefined ? { host } : {}), command: h ? line.slice(0, h.index).trim() : line, line: i + 1 };
    if (h) body = { tag: h[2]!, lines: [], into: entry };
    out.push(entry);
  });
  return out;
}

export interface StepResult {
  host: string;
  /** The prompt the line was typed at (the host's bash or a container's shell). */
  prompt: string;
  command: string;
  output: string;
  exitCode: number;
  traces: Trace[];
}

/** Replays a script on the default world (or `world`), returning the final World and each step. */
export function runScript(text: string, world: World = createDefaultWorld()): { world: World; steps: StepResult[] } {
  const steps: StepResult[] = [];
  let hostId = world.hostOrder[0]!;
  let session: Session | undefined;
  for (const l of parseScript(text)) {
    if (l.host !== undefined) {
      const h = findHostByName(world, l.host);
      if (h && h.id !== hostId) {
        hostId = h.id;
        session = undefined;
      }
    }
    const prompt = promptOf(world, hostId, session);
    const r = execute(world, l.command, {
      host: hostId, ...(l.stdin !== undefined ? { stdin: l.stdin } : {}), ...(session ? { session } : {}),
    });
    world = r.world;
    // `docker exec -it C sh`, `ip netns exec NS bash`: the next lines run in that shell until `exit`.
    if (r.leave) session = undefined;
    if (r.enter) session = r.enter;
    steps.push({ host: world.hosts[hostId]!.hostname, prompt, command: l.command, output: r.output, exitCode: r.exitCode, traces: r.traces });
  }
  return { world, steps };
}
