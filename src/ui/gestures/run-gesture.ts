/**
 * Runs a Gesture's lines through the store, as a user typing them would: in a host shell on the
 * gesture's host (never inside a container shell), one after the other, stopping at the first
 * failure as `&&` would. Each line is logged with `origin: 'gesture'`, so the terminal echoes it;
 * a failure also shows in place (`ui.notice` at the gesture's node) with the tool's own text.
 */
import { usePlayground, type CommandOutcome } from '../../store';
import type { Gesture } from './commands';

/** Runs the lines; returns true when every one exited 0. */
export function runGesture(g: Gesture): boolean {
  const state = usePlayground.getState();
  state.setNotice(null);
  const terminal = state.hostTerminal(g.host);
  // The gesture's lines share a group, so undo takes them back together.
  const group = state.newGroup();
  for (const line of g.lines) {
    const out: CommandOutcome = usePlayground.getState().runCommand(line, { terminal, origin: 'gesture', group });
    if (out.exitCode !== 0) {
      const text = out.output.trim() || `${line}: exit status ${out.exitCode}`;
      usePlayground.getState().setNotice({ kind: 'error', text, at: g.at });
      return false;
    }
  }
  return true;
}

/** Opens a new terminal tab on `host` and runs `line` there (`docker exec -it C sh` enters the container). */
export function runInNewTerminal(host: string, line: string, at: string): boolean {
  const state = usePlayground.getState();
  state.setNotice(null);
  const terminal = state.openTerminal(host);
  const out = usePlayground.getState().runCommand(line, { terminal, origin: 'gesture' });
  if (out.exitCode !== 0) {
    usePlayground.getState().setNotice({ kind: 'error', text: out.output.trim(), at });
    return false;
  }
  return true;
}
