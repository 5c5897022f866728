/**
 * Pure formatters for the docker CLI (Engine 20.10 / CLI 20.10 on a CentOS 7 host). They read the
 * daemon state (../types.ts) and return text or records; they never change anything and never read
 * a clock: `now` is the World clock (`world.clock`, ms since the epoch).
 *
 * Inspect (`docker inspect`, `docker network inspect`):
 * - `containerInspect(world, state, c)` / `networkInspect(world, state, n)` build one record each,
 *   with Go type information attached (go-value.ts) so the same record prints both ways:
 *   - no `-f`: `goJson(records)` is the CLI's output (a JSON array, 4-space indent, HTML escaped;
 *     `[]` when nothing was found), followed by a newline;
 *   - `-f T`: `compileTemplate(T)` once (parse errors exit 64), then `inspectFormat(tpl, record)`
 *     per object; print each text followed by a newline. Errors are complete stderr lines.
 * - Timestamps are RFC3339Nano with nanoseconds derived from (id, ms); pass
 *   `{ subMsNanos }` to pin them (tests, recorded labs).
 *
 * Tables (tabwriter minwidth 10, padding 3; every line ends with `\n`):
 * - `formatPs(state, { all, quiet, noTrunc, size, last }, now)`
 * - `formatNetworkLs(state, { quiet, noTrunc, filters })` -> FormatResult (filters can fail)
 * - `formatImages(state, { quiet, noTrunc })`
 * - `formatPort(container, port?, ref?)` -> FormatResult (`Error: No public port '81/tcp' published for web`)
 *
 * FormatResult is `{ ok: true, text }` or `{ ok: false, error, exitCode }`: `error` is the complete
 * stderr line as the CLI prints it (prefixes included), `exitCode` its status (1; 64 for a template
 * that does not parse; 125 for a malformed `--filter`).
 *
 * What is read from the state: a running container's `endpoints` (an addressed one means a
 * PortMap exists); for a stopped or created one, `endpoints` or else `wanted`; a host/none
 * container without an endpoint record gets one derived here (stable id) so it shows in
 * `Networks.host` and in `network inspect host`. `ports` are the bindings made; a 0.0.0.0 binding
 * gets its `::` twin unless recorded. `sandboxId` is printed as kept (the daemon keeps it after stop).
 */
export { goJson, goJsonString } from './go-json';
export { NIL_MAP, NIL_SLICE, goMap, goPtr, goStruct, goTime } from './go-value';
export { ZERO_TIME, goTimeString, humanDuration, rfc3339Nano, stableNanos } from './go-time';
export { containerInspect } from './container-inspect';
export { networkInspect } from './network-inspect';
export { compileTemplate, inspectFormat, type Template } from './template';
export { formatPs, containerCommand, containerStatus, displayablePorts, type PsOptions, type PortSummary } from './ps';
export { formatPsTemplate } from './ps-format';
export { formatNetworkLs, formatImages, filterNetworks, type NetworkLsOptions, type ImagesOptions } from './tables';
export { formatPort } from './port';
export { portMap, exposedPortKeys, type PortBinding } from './ports';
export { naturalCompare, naturalLess } from './natural-sort';
export { tabwrite } from './tabwriter';
export type { FormatResult, InspectOptions } from './result';
