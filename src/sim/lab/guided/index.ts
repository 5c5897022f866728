/**
 * Guided labs: one per walkthrough of the seeds, as data (types.ts). Invariants, proved by
 * guided.test.ts for every lab: replaying `setup` and then each step's `solution` makes that
 * step's check turn from false to true and keeps the earlier ones true; the challenge turns true
 * only with its own solution; the `wrong` lines leave some check false. Checks read the World
 * (checks.ts) and are cheap enough to run after every line.
 *
 * Solution lines may start with a transcript prompt that picks the machine
 * (`[vagrant@docker-node2 ~]$ CMD`); lines without one run on the lab's first machine. Each
 * machine gets its own shell: `t1` on the first, `t2` on the second, ...
 */
import { LAB_VERSION, scriptEntries, type Lab, type LabEntry } from '../lab';
import type { World } from '../../net/types';
import type { CheckContext, GuidedLab } from './types';
import { vethPairLab } from './labs/veth-pair';
import { docker0Lab } from './labs/docker0';
import { linkLab } from './labs/link';
import { userBridgeLab } from './labs/user-bridge';
import { subnetsLab } from './labs/subnets';
import { portsLab } from './labs/ports';
import { noneHostLab } from './labs/none-host';
import { containerModeLab } from './labs/container-mode';
import { daemonJsonLab } from './labs/daemon-json';
import { twoVmsLab } from './labs/two-vms';
import { overlayLab } from './labs/overlay';
import { macvlanLab } from './labs/macvlan';

export type { CheckContext, GuidedLab, Step, Text } from './types';

/** The gallery, in the order the seeds tell the story. */
export const GUIDED_LABS: GuidedLab[] = [
  vethPairLab,
  docker0Lab,
  linkLab,
  userBridgeLab,
  subnetsLab,
  portsLab,
  noneHostLab,
  containerModeLab,
  daemonJsonLab,
  twoVmsLab,
  overlayLab,
  macvlanLab,
];

export function findGuidedLab(id: string): GuidedLab | undefined {
  return GUIDED_LABS.find((l) => l.id === id);
}

/** The shell (terminal) id a guided lab uses for a machine: `t1` for its first one, `t2`, ... */
export function shellIdFor(lab: Pick<GuidedLab, 'hosts'>, hostname: string): string {
  const i = lab.hosts.indexOf(hostname);
  return i < 0 ? hostname : `t${i + 1}`;
}

/**
 * Lines (a solution, the setup, the wrong lines) as log entries: prompts pick the machine, a
 * here-document's body becomes the entry's stdin.
 */
export function linesToEntries(lab: Pick<GuidedLab, 'hosts'>, lines: readonly string[]): LabEntry[] {
  return scriptEntries(lines.join('\n'), lab.hosts);
}

/** The lab a guided lab starts from: its machines, with its setup lines already in the log. */
export function guidedLabStart(lab: GuidedLab): Lab {
  return { v: LAB_VERSION, name: lab.title.en.replace(/`/g, ''), hosts: [...lab.hosts], log: linesToEntries(lab, lab.setup ?? []) };
}

export interface Evaluation {
  steps: boolean[];
  challenge: boolean;
}

/** Each step's check and the challenge's, on the World now. A check that throws counts as not done. */
export function evaluate(lab: GuidedLab, world: World, log: CheckContext['log']): Evaluation {
  const ctx: CheckContext = { world, log };
  const safe = (check: (c: CheckContext) => boolean) => {
    try {
      return check(ctx) === true;
    } catch {
      return false;
    }
  };
  return { steps: lab.steps.map((s) => safe(s.check)), challenge: safe(lab.challenge.check) };
}
