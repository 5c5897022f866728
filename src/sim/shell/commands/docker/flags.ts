/**
 * The docker CLI's flag parsing (spf13/pflag as cobra runs it): `--name x`, `--name=x`, `-d`,
 * grouped shorthands `-it`, `-p80:80`; for run/create/exec the first positional argument ends the
 * flags (SetInterspersed(false)). Errors are pflag's texts, then `See 'docker CMD --help'.`, exit 125.
 */
import { SimError } from '../../../net/errors';

export interface FlagSpec {
  long: string;
  short?: string;
  /** Takes a value (string flags, string slices). */
  value: boolean;
}

export interface ParsedFlags {
  /** Values by long name, in the order given (booleans get 'true'). */
  flags: Map<string, string[]>;
  args: string[];
}

export function usageError(cmd: string, msg: string): SimError {
  return new SimError(`${msg}\nSee 'docker ${cmd} --help'.`, 125);
}

export function parseFlags(cmd: string, argv: string[], specs: FlagSpec[], interspersed: boolean): ParsedFlags {
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const put = (s: FlagSpec, v: string) => flags.set(s.long, [...(flags.get(s.long) ?? []), v]);
  let i = 0;
  while (i < argv.length) {
    const a = argv[i++]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const s = specs.find((x) => x.long === name);
      if (!s) throw usageError(cmd, `unknown flag: --${name}`);
      if (!s.value) {
        const v = eq < 0 ? 'true' : a.slice(eq + 1);
        if (v !== 'true' && v !== 'false') throw usageError(cmd, `invalid argument "${v}" for "--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
        put(s, v);
      } else if (eq >= 0) put(s, a.slice(eq + 1));
      else {
        if (i >= argv.length) throw usageError(cmd, `flag needs an argument: --${name}`);
        put(s, argv[i++]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const s = specs.find((x) => x.short === ch);
        if (!s) throw usageError(cmd, `unknown shorthand flag: '${ch}' in ${a}`);
        if (!s.value) {
          put(s, 'true');
          continue;
        }
        let v = a.slice(j + 1);
        if (v.startsWith('=')) v = v.slice(1);
        if (v === '') {
          if (i >= argv.length) throw usageError(cmd, `flag needs an argument: '${ch}' in -${ch}`);
          v = argv[i++]!;
        }
        put(s, v);
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i));
      break;
    }
  }
  return { flags, args };
}

export const has = (p: ParsedFlags, long: string): boolean => (p.flags.get(long) ?? []).at(-1) === 'true';
export const last = (p: ParsedFlags, long: string): string | undefined => p.flags.get(long)?.at(-1);
export const all = (p: ParsedFlags, long: string): string[] => p.flags.get(long) ?? [];

/** cobra's argument-count errors (docker/cli cli/required.go): the message, the help hint, usage; exit 1. */
export function requiresArgs(cmd: string, what: string, usage: string, about: string): SimError {
  return new SimError(`"docker ${cmd}" requires ${what}.\nSee 'docker ${cmd} --help'.\n\nUsage:  docker ${cmd} ${usage}\n\n${about}`, 1);
}
