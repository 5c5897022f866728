/**
 * Click-to-probe, in the core: the shell line a "ping X from Y" gesture stands for, the frame
 * headers of a trace event, and the plain-words explanation of a trace's fate.
 *
 * CONTRACT (the UI codes against these signatures). The work is done in:
 * - probe-line.ts: `probeCommand` (the exact line, run on the host's bash);
 * - why.ts, why-drop.ts, why-l2.ts: `explainTrace` (success, refused, and every kind of drop);
 * - explain-output.ts: `explainOutput` (no trace: name resolution, stopped container, missing
 *   tool) and `explainResult` (a whole command's output and traces, docker-proxy chains);
 * - headers.ts: `frameHeaders`, `describePlace`, `stepSummary` for the timeline.
 *
 * Typical use after running `probeCommand(world, req).line` through `execute`:
 * `const trace = joinTraces(r.traces); const why = explainResult(world, req, r);` where
 * `why.decisive` indexes `trace.steps`.
 */
import type { HostId, Ip4, NsId } from '../net/types';

export type ProbeTool = 'ping' | 'curl';

/** Something a probe can start from or go to. */
export type ProbeEndpoint =
  | { kind: 'container'; host: HostId; container: string }
  | { kind: 'netns'; host: HostId; ns: NsId }
  | { kind: 'host'; host: HostId }
  /** An address picked on the graph: a bridge's IP, a NIC's address. */
  | { kind: 'address'; ip: Ip4 }
  /** A public name the internet node answers for (www.baidu.com). */
  | { kind: 'internet'; name: string };

export interface ProbeRequest {
  tool: ProbeTool;
  /** TCP port for curl (80 by default). */
  port?: number;
  source: ProbeEndpoint;
  target: ProbeEndpoint;
}

export type ProbeLine = { ok: true; host: HostId; line: string } | { ok: false; error: string };

export interface Explanation {
  ok: boolean;
  /** One sentence: what happened. */
  headline: string;
  /** The why, in plain words, one point per entry. */
  details: string[];
  /** How to fix it, with the command when there is one. */
  fix?: { text: string; command?: string };
  /** The trace step that decided the outcome (a drop, the delivery), if any. */
  decisive?: number;
}

export interface HeaderLayer {
  name: string;
  fields: [string, string][];
}

export { probeCommand } from './probe-line';
export { explainTrace } from './why';
export { explainOutput, explainResult, joinTraces, type ProbeRun } from './explain-output';
export { describePlace, frameHeaders, frameSummary, protocolOf, stepSummaries, stepSummary } from './headers';
