/**
 * `ip neigh … nud NAME` and `ip route show table|proto|scope NAME` look NAME up among iproute2's
 * own names: an Object member (`constructor`, …) is a bad value, with iproute2's invarg text.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../../lab/default-world';
import { execute } from '../../execute';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('Object member names in ip arguments', () => {
  it.each(NAMES)('ip neigh add … nud %s: nud state is bad (exit 255), and no entry is made', (name) => {
    const w = createDefaultWorld();
    expect(execute(w, `ip neigh add 10.0.2.9 lladdr 02:00:00:00:00:09 dev eth0 nud ${name}`)).toMatchObject({
      exitCode: 255,
      output: `Error: argument "${name}" is wrong: nud state is bad\n`,
    });
    expect(execute(w, 'ip neigh show').output).not.toContain('10.0.2.9');
  });

  it.each(NAMES.flatMap((n) => [
    [`table ${n}`, `Error: argument "${n}" is wrong: table id value is invalid\n\n`],
    [`proto ${n}`, `Error: argument "${n}" is wrong: invalid "protocol"\n\n`],
    [`scope ${n}`, `Error: argument "${n}" is wrong: invalid "scope"\n\n`],
  ]))('ip route show %s (exit 255)', (selector, output) => {
    expect(execute(createDefaultWorld(), `ip route show ${selector}`)).toMatchObject({ exitCode: 255, output });
  });
});
