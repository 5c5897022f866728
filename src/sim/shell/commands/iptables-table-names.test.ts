/** `iptables -t NAME`: tables are looked up among the real ones only (a fuzz crash, issue 7). */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../lab/default-world';
import { execute } from '../execute';

describe('iptables -t with a name like an Object member', () => {
  it.each(['constructor', 'toString', '__proto__', 'valueOf'])('-t %s is a missing table', (name) => {
    expect(execute(createDefaultWorld(), `iptables -t ${name} -L`)).toMatchObject({
      exitCode: 3,
      output: `iptables v1.8.9 (nf_tables): table '${name}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
    });
  });
});
