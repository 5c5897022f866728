/**
 * Click-to-probe, as a plain function: the request becomes the shell line it stands for, the line
 * runs as a gesture (so the terminal echoes it and the log records it), and its Traces (joined:
 * curl through docker-proxy makes two) go on the graph with their explanation. Used by the
 * picking hook and by tests.
 *
 * Invariants: the World changes only through `runCommand`; the explanation is computed on the
 * World the probe ran in (the one before the line), which is also the one the trace refers to.
 */
import { usePlayground, type Playback } from '../../store';
import { explainNow } from '../../store/shell';
import type { ProbeRequest } from '../../sim';

export type ProbeRun = { ok: true; playback: Playback } | { ok: false; error: string };

/** Runs a probe: the line in a terminal (echoed), then its trace on the graph. */
export function runProbe(req: ProbeRequest): ProbeRun {
  const store = usePlayground.getState();
  const core = explainNow();
  if (!core) {
    const error = 'the shell is still loading; try again in a moment';
    store.setNotice({ kind: 'error', text: error });
    return { ok: false, error };
  }
  const { explainResult, joinTraces, probeCommand } = core;
  const world = store.world;
  const line = probeCommand(world, req);
  if (!line.ok) {
    store.setNotice({ kind: 'error', text: line.error });
    return { ok: false, error: line.error };
  }
  const out = usePlayground.getState().runCommand(line.line, { origin: 'gesture', terminal: usePlayground.getState().hostTerminal(line.host) });
  // One command can make several traces (curl through docker-proxy): they play as one, and the
  // explanation's `decisive` indexes the joined steps.
  const trace = out.traces.length > 0 ? joinTraces(out.traces) : { steps: [], outcome: { kind: 'send-error' as const, message: out.output.trim() } };
  const explanation = explainResult(world, req, out);
  usePlayground.getState().startPlayback({
    request: req,
    command: line.line,
    trace,
    explanation,
    // The tool stopped before sending (not running, unknown name, ...): its words are the story.
    ...(out.traces.length === 0 ? { output: out.output } : {}),
    world,
  });
  const playback = usePlayground.getState().playback;
  return playback ? { ok: true, playback } : { ok: false, error: 'no playback' };
}
