/**
 * The log under construction: a Builder holds the World so far and the commands kept, and every
 * command is tried on the World before it is kept (the World is immutable, so a try costs nothing
 * to drop). Commands are built as word lists and shell-quoted, so a value from the dump can only
 * ever be an argument.
 */
import type { Container, DockerNetwork, DockerState } from '../../docker/types';
import { formatIp4 } from '../../net/ip4';
import type { World } from '../../net/types';
import { findHostByName } from '../../net/world';
import { shellQuote } from '../../shell/quote';
import { createLabWorld, runLine, type LabEntry, type LineResult, type Shell } from '../lab';
import type { Dump } from './model';

/** The one host an imported lab has. */
export const HOST = 'docker-node1';

/** A command line of shell-quoted words. */
export const shellLine = (words: string[]) => words.map(shellQuote).join(' ');

/** Thrown by a pass that must start again with `net` created with its subnet given. */
export class Restart {
  constructor(readonly net: string) {}
}

/** The World so far, the log that builds it, and the notes for the report. */
export class Builder {
  world: World;
  readonly log: LabEntry[] = [];
  readonly shell: Shell;
  readonly notes: string[] = [];
  fillers: string[] = [];
  /** Most of the dump's MACs are derived from the IPv4 (Docker ≤27): one that is not was chosen (--mac-address). */
  legacyMacs = true;
  fillerCount = 0;

  constructor(readonly host: Dump, readonly forceSubnet: Set<string>) {
    this.world = createLabWorld([HOST]);
    this.shell = { host: findHostByName(this.world, HOST)!.id, session: null };
  }

  try(c: string, i?: string): LineResult {
    return runLine(this.world, this.shell, c, i);
  }

  keep(r: LineResult, c: string, i?: string): LineResult {
    this.world = r.world;
    this.log.push({ t: 't1', h: HOST, c, ...(i !== undefined ? { i } : {}) });
    return r;
  }

  run(c: string, i?: string): LineResult {
    return this.keep(this.try(c, i), c, i);
  }

  docker(w: World = this.world): DockerState {
    return w.hosts[this.shell.host]!.docker!;
  }

  ctr(name: string, w: World = this.world): Container | undefined {
    return Object.values(this.docker(w).containers).find((c) => c.name === name);
  }

  net(name: string, w: World = this.world): DockerNetwork | undefined {
    return Object.values(this.docker(w).networks).find((n) => n.name === name);
  }

  /** The container's IPv4 on a network, as the playground has it. */
  ipOn(name: string, net: string, w: World = this.world): string | undefined {
    const c = this.ctr(name, w);
    const n = this.net(net, w);
    const ep = c?.endpoints.find((e) => e.network === n?.id)?.endpoint;
    return ep?.ip === undefined ? undefined : formatIp4(ep.ip);
  }
}
