/**
 * `docker ps --format TEMPLATE` (CLI 20.10 formatter/container.go): each container is a record of
 * the CLI's placeholders (.ID .Image .Command .CreatedAt .RunningFor .Ports .Status .Size .Names
 * .Labels .Mounts .Networks .State); a `table` template gets the CLI's column headers and the
 * tabwriter layout.
 */
import type { Container, DockerState } from '../types';
import { containerCommand, containerNames, containerStatus, linkNamesByTarget, displayablePorts, ellipsis, goQuote, listedContainers, portSummaries, type PsOptions } from './ps';
import type { FormatResult } from './result';
import { goTimeString, humanDuration } from './go-time';
import { compileTemplate, inspectFormat } from './template';
import { tabwrite } from './tabwriter';

const HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
  Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', Networks: 'NETWORKS', State: 'STATE',
  LocalVolumes: 'LOCAL VOLUMES',
};

/** `2026-11-23 09:00:04 +0000 UTC`: Go's time.String() of the creation second (time.Unix(Created, 0)). */
function createdAt(ms: number): string {
  return goTimeString(Math.floor(ms / 1000) * 1000);
}

function record(state: DockerState, c: Container, now: number, noTrunc: boolean, links: ReadonlyMap<string, string[]>): Record<string, string> {
  const names = containerNames(state, c, links).map((n) => n.slice(1));
  const cmd = containerCommand(c);
  return {
    ID: noTrunc ? c.id : c.id.slice(0, 12),
    Image: c.image,
    Command: goQuote(noTrunc ? cmd : ellipsis(cmd, 20)),
    CreatedAt: createdAt(c.created),
    RunningFor: `${humanDuration(now - Math.floor(c.created / 1000) * 1000)} ago`,
    Ports: displayablePorts(portSummaries(c)),
    Status: containerStatus(c, now),
    Size: `0B (virtual ${c.img?.size ?? '0B'})`,
    Names: noTrunc ? names.join(',') : (names.find((n) => !n.includes('/')) ?? ''),
    Labels: '',
    Mounts: '',
    Networks: c.endpoints.map((e) => state.networks[e.network]?.name ?? '').filter(Boolean).join(','),
    State: c.state,
    LocalVolumes: '0',
  };
}

export function formatPsTemplate(state: DockerState, opts: PsOptions, now: number, format: string): FormatResult {
  const table = /^table\s/.test(format);
  const body = table ? format.replace(/^table\s+/, '') : format;
  const tpl = compileTemplate(body.replace(/\\t/g, '\t'));
  if (!tpl.ok) return { ok: false, error: tpl.error, exitCode: tpl.exitCode };
  const lines: string[] = [];
  if (table) {
    const head = body.replace(/\\t/g, '\t').replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_m, k: string) => HEADERS[k] ?? k.toUpperCase());
    lines.push(head);
  }
  const links = linkNamesByTarget(state);
  for (const c of listedContainers(state, opts)) {
    const r = inspectFormat(tpl.template, record(state, c, now, opts.noTrunc ?? false, links));
    if (!r.ok) return r;
    lines.push(r.text);
  }
  const text = lines.map((l) => `${l}\n`).join('');
  return { ok: true, text: table ? tabwrite(text) : text };
}
