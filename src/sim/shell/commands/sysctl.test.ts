/** sysctl: keys are looked up among the modelled ones only (a fuzz crash, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../lab/default-world';
import { execute } from '../execute';

describe('sysctl keys named like Object members', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('`sysctl %s` is a missing key, not a crash', (key) => {
    const w = createDefaultWorld();
    expect(execute(w, `sysctl ${key}`)).toMatchObject({ exitCode: 255, output: `sysctl: cannot stat /proc/sys/${key}: No such file or directory\n` });
    expect(execute(w, `sysctl -w ${key}=1`).exitCode).toBe(255);
    expect(execute(w, `echo 1 > /proc/sys/${key}`).output).not.toContain('internal error');
  });

  it('still reads and writes the modelled keys', () => {
    const r = execute(createDefaultWorld(), 'sysctl -w net.ipv4.ip_forward=0');
    expect(r).toMatchObject({ exitCode: 0, output: 'net.ipv4.ip_forward = 0\n' });
  });
});
