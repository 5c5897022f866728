/**
 * Guided labs: one for each walkthrough in the seeds. A guided lab is data: the machines it starts
 * on, steps in plain English (and Chinese), each with a check the playground evaluates on the
 * World after every line, and a challenge whose answer is not shown. Its reference solution and a
 * wrong one live beside it so a headless test proves every check can pass and can fail.
 */
import type { World } from '../../net/types';
import type { LabEntry } from '../lab';

/** Text in English and Chinese (the seeds are Chinese). Inline `code` spans are marked with backticks. */
export interface Text {
  en: string;
  zh: string;
}

/** What a check sees: the World now and the lines run so far (with their output). */
export interface CheckContext {
  world: World;
  log: readonly { entry: LabEntry; output: string; exitCode: number }[];
}

export interface Step {
  id: string;
  title: Text;
  /** What to do and why, a short paragraph. */
  text: Text;
  /**
   * Lines that do it (shown on request as a hint; also the reference solution, run in order). A line
   * may start with a transcript prompt that picks the machine, as in lab scripts:
   * `[vagrant@docker-node2 ~]$ docker run ...`.
   */
  solution: string[];
  /** Lines of `solution` (as written there) that are meant to fail, to show an error (exit code not 0). */
  fails?: string[];
  /** Done when this holds. Pure: it may run read-only probes on `world`, never keep a changed one. */
  check: (ctx: CheckContext) => boolean;
}

export interface GuidedLab {
  /** Stable, URL-safe: `veth-pair`, `docker0`, `link`, ... */
  id: string;
  /** The seed file(s) the walkthrough comes from (`001`, `004`). */
  seeds: string[];
  title: Text;
  summary: Text;
  /** Initial machines (`docker-node1`, ...). */
  hosts: string[];
  /** Lines run before the first step (not shown as steps), e.g. images already pulled. */
  setup?: string[];
  steps: Step[];
  challenge: {
    text: Text;
    check: (ctx: CheckContext) => boolean;
    /** The answer, for tests only: the UI never shows it. */
    solution: string[];
    /** Lines of `solution` meant to fail, as in Step. */
    fails?: string[];
  };
  /** Lines that look plausible but must leave at least one check (step or challenge) failing. */
  wrong: string[];
}
