/**
 * Click-to-probe, in the core: the shell line a "ping X from Y" gesture stands for, the frame
 * headers of a trace event, and the plain-words explanation of a trace's fate.
 *
 * CONTRACT (the UI codes against these signatures; the bodies are being written).
 */
import type { HostId, Ip4, NsId, World } from '../net/types';
import type { Trace, TraceStep } from './trace';

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

export function probeCommand(world: World, req: ProbeRequest): ProbeLine {
  void world;
  void req;
  return { ok: false, error: 'not written yet' };
}

export function explainTrace(world: World, req: ProbeRequest, trace: Trace): Explanation {
  void world;
  void req;
  return { ok: trace.outcome.kind === 'reply' || trace.outcome.kind === 'tcp-open', headline: '', details: [] };
}

export function frameHeaders(world: World, step: TraceStep): HeaderLayer[] {
  void world;
  void step;
  return [];
}
