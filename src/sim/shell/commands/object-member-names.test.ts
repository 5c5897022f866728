/**
 * Words that name Object members (`constructor`, `__proto__`, …) are looked up among a tool's own
 * names only: before, `-p constructor` found Object's constructor instead of an unknown protocol,
 * `ping constructor` resolved to 0.0.0.0 and BusyBox `ifconfig eth0 constructor` printed a function.
 */
import { describe, expect, it } from 'vitest';
import { createDefaultWorld } from '../../lab/default-world';
import { execute } from '../execute';
import { protoNumber } from './iptables-ext';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

describe('Object member names as user input', () => {
  it.each(NAMES)('iptables -p %s is an unknown protocol (exit 2)', (name) => {
    expect(execute(createDefaultWorld(), `iptables -A INPUT -p ${name} -j ACCEPT`)).toMatchObject({
      exitCode: 2,
      output: `iptables v1.8.9 (nf_tables): unknown protocol "${name.toLowerCase()}" specified\n${TRY}`,
    });
  });

  it.each(NAMES)('protoNumber(%s) is no protocol number', (name) => {
    expect(protoNumber(name)).toBeNaN();
  });

  it.each(NAMES)('ping %s is a name nobody knows (iputils, exit 2)', (name) => {
    expect(execute(createDefaultWorld(), `ping -c1 ${name}`)).toMatchObject({
      exitCode: 2,
      output: `ping: ${name}: Name or service not known\n`,
    });
  });

  it.each(NAMES)('BusyBox ifconfig eth0 %s fails as any non-keyword word does', (name) => {
    const other = execute(createDefaultWorld(), 'docker run --rm busybox ifconfig eth0 foo');
    expect(other).toMatchObject({ exitCode: 1, output: 'ifconfig: SIOCSIFADDR: Operation not permitted\n' });
    expect(execute(createDefaultWorld(), `docker run --rm busybox ifconfig eth0 ${name}`)).toMatchObject({
      exitCode: other.exitCode,
      output: other.output,
    });
  });
});
