/**
 * The lab slice: the current lab as a whole (DESIGN.md: the lab is its log). It turns the world
 * slice's log into a `Lab` (machines, lines, positions), opens a lab by replaying its log, and
 * undoes and redoes: undo goes back to the World before the log's last line (or the last
 * gesture's lines), which is what replaying the shorter log gives (each line keeps a checkpoint
 * of the World before it, from the same `runLine`; the tests compare both), and redo runs the lines
 * again. Opening or undoing rebuilds the terminals' transcripts from the log, so what the screens
 * show is what the lab holds.
 *
 * Invariants: nothing here computes networking (the lab core's `replay` does); a lab that fails
 * to open leaves the current one untouched; `labEpoch` changes whenever the World is replaced
 * rather than extended, so views that draw incrementally (terminals, graph) start over.
 */
import type { StateCreator } from 'zustand';
import type { PlaygroundState } from '../index';
import type { Lab, LabEntry, Replay } from '../../sim/lab/lab';
import { labCoreNow } from '../shell';
import { capped, GREETING } from './terminal';
import { checkpoints, tabNumber, withHostTabs, withoutGoneHosts, type LogEntry, type TerminalId, type TerminalTab } from './world';

export type Position = [number, number];

export interface LabSlice {
  /** The saved-labs key of the current lab (see ../persist.ts). */
  labId: string;
  labName: string;
  /** The machines the lab starts from. */
  hosts: string[];
  /** Where nodes are drawn when not where a fresh drawing puts them (graph element id -> position). */
  layout: Record<string, Position>;
  /** Undone lines, the most recent group last; cleared by any new line. */
  redoStack: LogEntry[][];
  /** Bumped whenever the list of saved labs changes (store/labs.ts), for views of it. */
  savedVersion: number;
  /** The lab to start with is open (a shared link, or the one open last): typing may begin. */
  labReady: boolean;
  /** Bumped whenever the World is replaced (a lab opened, undo): incremental views start over. */
  labEpoch: number;
  /** The current lab, as it would be saved or shared. */
  currentLab: () => Lab;
  /**
   * Replaces the current lab with `lab` (replayed). Returns false, changing nothing, while the
   * shell is still loading.
   */
  openLab: (lab: Lab, opts?: { id?: string }) => boolean;
  /** Takes back the last line (all lines of the last gesture). */
  undo: () => boolean;
  /** Runs again the last group of lines undone. */
  redo: () => boolean;
  /** The picture's positions (graph element id -> position), as the canvas reports them. */
  setLayout: (layout: Readonly<Record<string, Position>>) => void;
  /**
   * Set by the canvas while it is mounted: the positions of the nodes not where a fresh drawing
   * would put them. `currentLab` asks it, so a saved or shared lab looks the same when opened.
   */
  captureLayout: (() => Record<string, Position>) | null;
  setLabName: (name: string) => void;
}

/**
 * Log lines as lab entries. A gesture's lines share a group in the log; in a lab its first line
 * is marked `g: 1` and the next ones `g: 2`, so a reopened lab still undoes a gesture as a whole.
 */
export function toLabEntries(log: readonly LogEntry[], hostname: (e: LogEntry) => string): LabEntry[] {
  return log.map((e, i) => {
    const prev = log[i - 1];
    const g = e.origin !== 'gesture' ? undefined : prev && e.group !== undefined && prev.group === e.group ? 2 : 1;
    return {
      t: e.terminal,
      h: hostname(e),
      c: e.command,
      ...(e.stdin !== undefined ? { i: e.stdin } : {}),
      ...(g !== undefined ? { g } : {}),
    };
  });
}


/** The log entries and tabs a replay leaves, with each tab's transcript as its screen would show it. */
export function fromReplay(lab: Lab, r: Replay): { log: LogEntry[]; terminals: TerminalTab[]; transcripts: Record<TerminalId, string> } {
  const log: LogEntry[] = [];
  let k = 0;
  let group = 0;
  lab.log.forEach((e, i) => {
    if (r.skipped.includes(i)) return;
    if (e.g === 1 || (e.g === 2 && group === 0)) group++;
    const res = r.results[k++]!;
    log.push({
      host: res.host,
      terminal: e.t,
      origin: e.g ? 'gesture' : 'typed',
      ...(res.session ? { session: res.session } : {}),
      ...(e.i !== undefined ? { stdin: e.i } : {}),
      ...(e.g !== undefined ? { group } : {}),
      prompt: res.prompt,
      promptAfter: res.promptAfter,
      command: e.c,
      output: res.output,
      exitCode: res.exitCode,
    });
  });
  r.before.forEach((b, i) => checkpoints.set(log[i]!, b));
  const terminals: TerminalTab[] = [...r.shells].map(([id, s]) => ({ id, host: s.host, session: s.session }));
  return { log, terminals, transcripts: transcriptsOf(log, terminals) };
}

/** Each tab's screen as the log leaves it: the greeting, then every line with its output, then the prompt. */
export function transcriptsOf(log: readonly LogEntry[], terminals: readonly TerminalTab[]): Record<TerminalId, string> {
  const transcripts: Record<TerminalId, string> = {};
  for (const t of terminals) {
    let text = GREETING;
    let prompt: string | undefined;
    for (const e of log) {
      if (e.terminal !== t.id) continue;
      text += `${e.prompt}${e.command}\n${e.output}`;
      prompt = e.promptAfter;
    }
    if (prompt !== undefined) transcripts[t.id] = capped(text + prompt);
  }
  return transcripts;
}

export const createLabSlice: StateCreator<PlaygroundState, [], [], LabSlice> = (set, get) => {
  /** Replays `lab` and makes it the current one; `keep` carries the redo stack (undo/redo). */
  const install = (
    lab: Lab,
    keep: Partial<Pick<LabSlice, 'redoStack' | 'labId'>> & { tabs?: boolean } = {},
  ): boolean => {
    const core = labCoreNow();
    if (!core) return false;
    const r = core.replay(lab);
    const { log, terminals, transcripts } = fromReplay(lab, r);
    const state = get();
    // Undo and redo keep the tabs that have no line (yet); a lab opened brings its own.
    const empty = keep.tabs ? state.terminals.filter((t) => !terminals.some((u) => u.id === t.id) && r.world.hosts[t.host]) : [];
    const all = [...terminals, ...empty.map((t) => ({ ...t, session: null }))].sort((a, b) => tabNumber(a.id) - tabNumber(b.id));
    // Every machine gets a tab: the first machine's is t1 when the log used no tab yet.
    const first = all.length > 0 ? all : [{ id: 't1', host: r.world.hostOrder[0] ?? '', session: null }];
    const tabs = withHostTabs(r.world, first, [...log, ...(keep.redoStack ?? []).flat()]);
    for (const t of empty) transcripts[t.id] = state.transcripts[t.id] ?? '';
    const active = tabs.some((t) => t.id === state.activeTerminal) ? state.activeTerminal : tabs[tabs.length - 1]!.id;
    set({
      world: r.world,
      log,
      terminals: tabs,
      activeTerminal: active,
      transcripts,
      echoed: Object.fromEntries(tabs.map((t) => [t.id, log.length])),
      hosts: [...lab.hosts],
      layout: { ...(lab.layout ?? {}) },
      labName: lab.name ?? '',
      redoStack: keep.redoStack ?? [],
      labId: keep.labId ?? state.labId,
      labEpoch: state.labEpoch + 1,
      selected: null,
      playback: null,
    });
    return true;
  };

  const hostnameOf = (e: LogEntry) => get().world.hosts[e.host]?.hostname ?? get().hosts[0] ?? 'docker-node1';

  return {
    labId: '',
    labName: '',
    hosts: ['docker-node1'],
    layout: {},
    redoStack: [],
    labEpoch: 0,
    labReady: false,
    savedVersion: 0,
    currentLab: () => {
      const { hosts, log, labName, captureLayout } = get();
      let layout = get().layout;
      try {
        if (captureLayout) layout = captureLayout();
      } catch {
        // A canvas that failed (the graph pane's error boundary) must not stop a save or an export.
      }
      const lab: Lab = {
        v: 1,
        ...(labName ? { name: labName } : {}),
        hosts: [...hosts],
        log: toLabEntries(log, hostnameOf),
      };
      if (Object.keys(layout).length > 0) lab.layout = { ...layout };
      return lab;
    },
    openLab: (lab, opts = {}) => install(lab, { ...(opts.id !== undefined ? { labId: opts.id } : {}) }),
    undo: () => {
      const { log, redoStack, terminals, transcripts, labEpoch, labReady } = get();
      // Before the lab to start with is open, there is nothing of the user's to take back.
      if (log.length === 0 || !labReady) return false;
      // The last line, or every line of the last gesture.
      const group = log[log.length - 1]!.group;
      let cut = log.length - 1;
      while (group !== undefined && cut > 0 && log[cut - 1]!.group === group) cut--;
      const undone = log.slice(cut);
      const cp = checkpoints.get(log[cut]!);
      if (!cp) {
        const lab = get().currentLab();
        return install({ ...lab, log: lab.log.slice(0, cut) }, { redoStack: [...redoStack, undone], tabs: true });
      }
      const kept = log.slice(0, cut);
      // A machine the undone lines made goes, and its tabs with it.
      const tabs = withoutGoneHosts(cp.world, terminals).map((t) => ({ ...t, session: cp.sessions[t.id] ?? null }));
      const activeTerminal = tabs.some((t) => t.id === get().activeTerminal) ? get().activeTerminal : (tabs[0]?.id ?? 't1');
      // Tabs whose lines are all undone show what they showed before their first line: the prompt.
      const rebuilt = transcriptsOf(kept, tabs);
      const next: Record<TerminalId, string> = {};
      for (const t of tabs) {
        const first = undone.find((e) => e.terminal === t.id);
        const text = rebuilt[t.id] ?? (first ? `${GREETING}${first.prompt}` : transcripts[t.id]);
        if (text !== undefined) next[t.id] = text;
      }
      set({
        // The graph is drawn anew: with the positions it has now.
        layout: get().captureLayout?.() ?? get().layout,
        world: cp.world,
        log: kept,
        terminals: tabs,
        activeTerminal,
        transcripts: next,
        echoed: Object.fromEntries(tabs.map((t) => [t.id, kept.length])),
        redoStack: [...redoStack, undone],
        labEpoch: labEpoch + 1,
        selected: null,
        playback: null,
      });
      return true;
    },
    redo: () => {
      const { redoStack, terminals, labReady } = get();
      const undone = redoStack[redoStack.length - 1];
      if (!undone || !labReady) return false;
      const rest = redoStack.slice(0, -1);
      if (undone.every((e) => terminals.some((t) => t.id === e.terminal && t.host === e.host))) {
        // Run them again, as they were run; then the World is extended, not replaced.
        const layout = get().captureLayout?.() ?? get().layout;
        // Groups are numbered afresh: the log's numbers may have changed since (a lab reopened).
        const groups = new Map<number, number>();
        for (const e of undone) {
          if (e.group !== undefined && !groups.has(e.group)) groups.set(e.group, get().newGroup());
          const group = e.group !== undefined ? groups.get(e.group) : undefined;
          get().runCommand(e.command, {
            terminal: e.terminal, origin: e.origin,
            ...(e.stdin !== undefined ? { stdin: e.stdin } : {}), ...(group !== undefined ? { group } : {}),
          });
        }
        set((s) => ({
          layout,
          redoStack: rest,
          labEpoch: s.labEpoch + 1,
          transcripts: { ...s.transcripts, ...transcriptsOf(s.log, s.terminals) },
          echoed: Object.fromEntries(s.terminals.map((t) => [t.id, s.log.length])),
        }));
        return true;
      }
      const lab = get().currentLab();
      return install({ ...lab, log: [...lab.log, ...toLabEntries(undone, hostnameOf)] }, { redoStack: rest, tabs: true });
    },
    setLayout: (layout) => set({ layout: { ...layout } }),
    captureLayout: null,
    setLabName: (name) => set({ labName: name }),
  };
};

export const selectCanUndo = (s: PlaygroundState): boolean => s.log.length > 0;
export const selectCanRedo = (s: PlaygroundState): boolean => s.redoStack.length > 0;
