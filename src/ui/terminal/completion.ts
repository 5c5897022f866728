/**
 * Tab completion for the terminal, as bash with bash-completion does it: the first word of a
 * command completes to the commands the shell has (the host's tools, or the image's inside a
 * container), later words to the tool's subcommands, flags and the names the World holds
 * (containers, networks, images, namespaces, interfaces, chains, files).
 *
 * Pure: `complete(scope, textBeforeCursor)` reads the World and never changes it. The candidates
 * replace `text.slice(start)`; the line editor decides what a Tab does with them.
 */
import { commandNames as registryNames, type HostId, type Session, type World } from '../../sim';
import { completeDocker } from './completion-docker';
import { completeBridge, completeBrctl, completeIp, completeIptables, completeIptablesSave } from './completion-ip';
import { containerNames, filePaths, makeScope, type Completer, type Scope } from './completion-sources';

export interface Completion {
  /** Where the word being completed starts in the text. */
  start: number;
  /** Full replacements for that word, sorted, without duplicates. */
  candidates: string[];
}

/**
 * The commands of the host's bash: the simulator's registry and `clear`, which the terminal itself
 * carries out. Sorted, as bash lists completions.
 */
export const HOST_COMMANDS: readonly string[] = [...registryNames(), 'clear'].sort();

/** What every shell has whatever the image: its builtins (execute.ts lets them run anywhere). */
const SHELL_BUILTINS = ['clear', 'echo', 'exit', 'true', 'false'];

const SYSCTL_KEYS = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.forwarding', 'net.bridge.bridge-nf-call-iptables'];

/** The commands a shell at `scope` finds: the image's tools in a container, the host's otherwise. */
export function commandNames(scope: Scope): string[] {
  if (!scope.container) return HOST_COMMANDS.filter((c) => c !== 'docker' || scope.host.docker !== undefined);
  const tools = scope.container.img.tools.filter((t) => HOST_COMMANDS.includes(t) && t !== 'docker');
  return [...tools, ...SHELL_BUILTINS];
}

/**
 * Splits the text before the cursor into the words of the simple command the cursor is in (after
 * the last `;`, `|` or `&` outside quotes) and the word being typed.
 */
export function splitLine(text: string): { words: string[]; word: string; start: number } {
  let commandStart = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ';' || ch === '|' || ch === '&') commandStart = i + 1;
  }
  const start = Math.max(commandStart, text.length - (/\S*$/.exec(text)?.[0].length ?? 0));
  return { words: text.slice(commandStart, start).split(/\s+/).filter(Boolean), word: text.slice(start), start };
}

/**
 * Paths under the directory `word` is in, one level deep as bash lists them: `/e` gives `/etc/`,
 * `/etc/` gives `/etc/hosts`, `/etc/docker/`... Directories end with `/`.
 */
function completePath(paths: readonly string[], word: string): string[] {
  const abs = word.startsWith('/') ? word : `/${word}`;
  const out = paths.flatMap((p) => {
    if (!p.startsWith(abs)) return [];
    const slash = p.indexOf('/', abs.length);
    const hit = slash < 0 ? p : p.slice(0, slash + 1);
    return [word.startsWith('/') ? hit : hit.slice(1)];
  });
  return out;
}

/** The arguments of one command, `words[0]` being the command. */
const completeArgs: Completer = (scope, words, word) => {
  if (words.length === 0) return commandNames(scope);
  const name = words[0]!.slice(words[0]!.lastIndexOf('/') + 1);
  const n = words.length - 1;
  switch (name) {
    case 'docker':
      return scope.container ? [] : completeDocker(scope, words, word, completeArgs);
    case 'ip':
      return completeIp(scope, words, word, completeArgs);
    case 'brctl':
      return completeBrctl(scope, words);
    case 'bridge':
      return completeBridge(scope, words);
    case 'iptables':
      return completeIptables(scope, words, word);
    case 'iptables-save':
      return completeIptablesSave(scope, words);
    case 'cat':
      return completePath(filePaths(scope), word);
    case 'sysctl':
      return word.startsWith('-') ? ['-w', '-a', '-n', '-p', '-q'] : SYSCTL_KEYS;
    case 'systemctl':
      if (n === 0) return ['start', 'stop', 'restart', 'status', 'enable', 'disable', 'is-active', 'daemon-reload'];
      return n === 1 ? ['docker'] : [];
    case 'service':
      if (n === 0) return ['docker'];
      return n === 1 ? ['start', 'stop', 'restart', 'status'] : [];
    case 'ping':
    case 'curl':
    case 'wget':
    case 'telnet':
    case 'nslookup':
      // Container names resolve inside user networks (Docker's embedded DNS), not on the host.
      return scope.container && !word.startsWith('-') ? containerNames(scope, 'running') : [];
    default:
      return [];
  }
};

/** Completes the word before the cursor in a shell on `host` (inside `session`, if any). */
export function complete(world: World, host: HostId, session: Session | null, text: string): Completion {
  const { words, word, start } = splitLine(text);
  const scope = makeScope(world, host, session);
  const all = scope ? completeArgs(scope, words, word) : [];
  const candidates = [...new Set(all.filter((c) => c.startsWith(word)))].sort();
  return { start, candidates };
}

/** The longest prefix the candidates share. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0]!;
  for (const c of candidates) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * Lays out candidates in columns, down then across, as bash lists them (`ls -C` order), for a
 * terminal `width` characters wide. Returns the lines.
 */
export function formatColumns(items: readonly string[], width: number): string[] {
  if (items.length === 0) return [];
  const colWidth = Math.max(...items.map((s) => s.length)) + 2;
  const cols = Math.max(1, Math.floor((width + 2) / colWidth));
  const rows = Math.ceil(items.length / cols);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const item = items[r + c * rows];
      if (item === undefined) break;
      const last = r + (c + 1) * rows >= items.length;
      line += last ? item : item.padEnd(colWidth);
    }
    lines.push(line);
  }
  return lines;
}
