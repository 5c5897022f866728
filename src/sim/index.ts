/**
 * The simulation core's only door. Invariants: everything here is pure and deterministic: no DOM,
 * no clock, no unseeded randomness; the same lab script gives the same World, byte for byte.
 */
export type * from './net/types';
export type { Container, ContainerId, DockerNetwork, DockerState, PortMapping } from './docker/types';
export type { Trace, TraceStep, Frame, StepKind, ProbeOutcome } from './packet/trace';
export { createDefaultWorld } from './lab/default-world';
export { execute, type ExecResult, type ExecOptions } from './shell/execute';
export type { Session } from './shell/context';
export { namedByPrompt, promptOf, shortHostname } from './shell/prompt';
export { shellQuote } from './shell/quote';
export { commandNames } from './shell/registry';
export { formatIp4, formatCidr, parseIp4 } from './net/ip4';
export { hasCarrier, operState, vxlanPort } from './net/link';
export { nsIfaces } from './net/world';
export {
  probeCommand,
  explainTrace,
  explainOutput,
  explainResult,
  joinTraces,
  frameHeaders,
  frameSummary,
  describePlace,
  stepSummary,
  stepSummaries,
  protocolOf,
  type ProbeRun,
  type ProbeTool,
  type ProbeEndpoint,
  type ProbeRequest,
  type ProbeLine,
  type Explanation,
  type HeaderLayer,
} from './packet/explain';
