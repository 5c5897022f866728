/**
 * `iptables` as v1.8.9 (nf_tables) behaves. argv is read as iptables does (iptables-parse.ts);
 * the command then runs on
 * `ctx.world.netns[ctx.place.ns].iptables` through the table operations of net/iptables.ts.
 * Exit codes are the real ones: 2 usage, 1 refused, 3 no such table, 4 nf_tables commit failed.
 *
 * Where iptables 1.4.21 (CentOS 7) or the legacy backend differ, a comment says so.
 */
import { SimError } from '../../net/errors';
import {
  chainRefs, deleteChains, deleteRuleNum, findChain, findRules, listedChains, newChain, putRules,
  renameChain, requireChain, setPolicy, zeroCounters,
} from '../../net/iptables';
import type { IptChain, IptTable, TableName } from '../../net/types';
import { ownEntry } from '../../net/world';
import { write, type Command, type ShellCtx } from '../context';
import { PREFIX, usage } from './iptables-ext';
import { chainSave, HELP, listChain, ruleEcho, ruleSave } from './iptables-print';
import {
  APPEND, CHECK, DELETE, DELETE_CHAIN, DELETE_NUM, FLUSH, INSERT, LIST, LIST_RULES, NEW_CHAIN,
  parseArgv, RENAME, REPLACE, SET_POLICY, ZERO, ZERO_NUM, type Parsed,
} from './iptables-parse';

export const iptablesCommand: Command = (ctx, argv) => {
  const p = parseArgv(argv.slice(1));
  if (p === 'help' || p === 'version') {
    write(ctx, p === 'help' ? HELP : 'iptables v1.8.9 (nf_tables)\n');
    return 0;
  }
  if (p.table !== 'filter' && p.table !== 'nat') {
    const builtins = ownEntry(UNMODELLED, p.table);
    if (!builtins) {
      throw new SimError(`${PREFIX}table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3);
    }
    // Docker 20.10 leaves mangle/raw/security empty: list them so, refuse changes.
    if (!(p.command & (LIST | LIST_RULES)) || p.command & ZERO_NUM) {
      throw new SimError(`${PREFIX}the playground models only the filter and nat tables, not '${p.table}'`, 3);
    }
    const table = { chains: builtins.map((name) => ({ name, policy: 'ACCEPT' as const, rules: [], pkts: 0, bytes: 0 })) };
    list(ctx, table, pick(table.chains, p.chain, p.table), p);
    return 0;
  }
  const tableName: TableName = p.table;
  const table = ctx.world.netns[ctx.place.ns]!.iptables[tableName];
  // Legacy iptables and 1.4.21 say ``Couldn't load target `X':No such file or directory`` instead.
  if (p.chainJump !== undefined && !findChain(table, p.chainJump)) throw usage(`Chain '${p.chainJump}' does not exist`);
  const { chain, rulenum, fmt } = p;
  const out = (text: string) => write(ctx, text);
  switch (p.command) {
    case APPEND:
    case INSERT:
    case REPLACE:
      if (fmt.verbose) for (const r of p.rules) out(ruleEcho(r));
      putRules(table, tableName, chain!, p.rules, p.command === APPEND ? 'append' : p.command === INSERT ? 'insert' : 'replace', rulenum);
      return 0;
    case DELETE:
    case CHECK:
      findRules(table, chain!, p.rules, p.command === DELETE);
      if (fmt.verbose) for (const r of p.rules) out(ruleEcho(r));
      return 0;
    case DELETE_NUM:
      deleteRuleNum(table, chain!, rulenum!);
      return 0;
    case FLUSH:
    case ZERO:
      for (const c of chain === undefined ? listedChains(table, tableName) : [requireChain(table, chain)]) {
        if (fmt.verbose) out(`${p.command === FLUSH ? 'Flushing' : 'Zeroing'} chain \`${c.name}'\n`);
        if (p.command === FLUSH) c.rules = [];
        else zeroCounters(table, c.name);
      }
      return 0;
    case ZERO_NUM:
      zeroCounters(table, chain ?? '', rulenum);
      return 0;
    case NEW_CHAIN:
      newChain(table, chain!);
      return 0;
    case DELETE_CHAIN: {
      const names = chain === undefined ? listedChains(table, tableName).filter((c) => !c.policy).map((c) => c.name) : [chain];
      if (fmt.verbose) for (const n of names) out(`Deleting chain \`${n}'\n`);
      deleteChains(table, tableName, chain);
      return 0;
    }
    case SET_POLICY:
      // iptables-nft accepts `-c` here but, unlike legacy, does not set the policy counters.
      setPolicy(table, tableName, chain!, p.policy!);
      return 0;
    case RENAME:
      renameChain(table, tableName, chain!, p.newname!);
      return 0;
  }
  // -L / -S, possibly with -Z.
  list(ctx, table, pick(listedChains(table, tableName), chain, tableName), p);
  if (p.command & ZERO) zeroCounters(table);
  return 0;
};

/** All chains, or the one `-L`/`-S` named. */
function pick(chains: IptChain[], name: string | undefined, tableName: string): IptChain[] {
  if (name === undefined) return chains;
  const c = chains.find((x) => x.name === name);
  // Legacy iptables (and 1.4.21) say `iptables: No chain/target/match by that name.` here.
  if (!c) throw new SimError(`${PREFIX}chain \`${name}' in table \`${tableName}' is incompatible, use 'nft' tool.`, 1);
  return [c];
}

/** The built-in chains of the tables iptables has but the playground keeps empty. */
const UNMODELLED: Record<string, string[] | undefined> = {
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** `-L` tables or `-S` rule specs of `chains` (all chains, or the one named, or its rule n). */
function list(ctx: ShellCtx, table: IptTable, chains: IptChain[], p: Parsed): void {
  const { rulenum, fmt } = p;
  if (p.command & LIST) {
    const blocks = chains.map((c) => listChain(c, chainRefs(table, c.name), fmt, rulenum));
    write(ctx, blocks.join(rulenum === undefined ? '\n' : ''));
  } else if (rulenum !== undefined) {
    const r = chains[0]!.rules[rulenum - 1];
    if (r) write(ctx, ruleSave(chains[0]!.name, r, fmt.verbose));
  } else {
    write(ctx, chains.map((c) => chainSave(c, fmt.verbose)).join(''));
    for (const c of chains) for (const r of c.rules) write(ctx, ruleSave(c.name, r, fmt.verbose));
  }
}
