/**
 * The guide's words: inline `code` spans in a step's text, and the panel's own strings in both
 * languages a guided lab speaks (the seeds are Chinese).
 */
import type { GuideLang } from '../../store';

export interface Span {
  code: boolean;
  text: string;
}

/**
 * Splits text at backticks: `code` spans and plain runs, in order. A backtick without its
 * partner is kept as a plain character rather than swallowing the rest of the text.
 */
export function splitCode(text: string): Span[] {
  const out: Span[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('`', i);
    const close = open < 0 ? -1 : text.indexOf('`', open + 1);
    if (open < 0 || close < 0) {
      plain += text.slice(i);
      break;
    }
    plain += text.slice(i, open);
    if (close > open + 1) {
      if (plain) out.push({ code: false, text: plain });
      plain = '';
      out.push({ code: true, text: text.slice(open + 1, close) });
    }
    i = close + 1;
  }
  if (plain) out.push({ code: false, text: plain });
  return out;
}

/** The text without its backticks (for labels that cannot hold markup). */
export function plainText(text: string): string {
  return splitCode(text).map((s) => s.text).join('');
}

const EN = {
  gallery: 'Guided labs',
  galleryIntro: 'Each lab walks through one of the tutorials, step by step, on a fresh lab of its own (the one open now stays in Labs). The playground ticks each step off as you do it.',
  start: 'Start',
  steps: (n: number) => `${n} step${n === 1 ? '' : 's'} and a challenge`,
  seeds: (s: string[]) => `From seed${s.length === 1 ? '' : 's'} ${s.join(', ')}`,
  machines: (h: string[]) => h.join(', '),
  loading: 'Loading the labs…',
  loadFailed: 'The guided labs could not be loaded. Check the connection and try again.',
  close: 'Close',
  collapse: 'Collapse the guide',
  expand: 'Expand the guide',
  closeGuide: 'Stop following this guided lab',
  progress: (done: number, total: number) => `${done} of ${total} steps done`,
  progressShort: (done: number, total: number) => `${done}/${total}`,
  showHint: 'Show a hint',
  hideHint: 'Hide the hint',
  run: 'Run',
  runTitle: (line: string, host: string) => `Run \`${line}\` on ${host}`,
  on: (host: string) => `on ${host}`,
  done: 'done',
  notDone: 'not done yet',
  challenge: 'Challenge',
  challengeNote: 'No hint for this one: work it out with what the steps taught.',
  celebrate: 'All steps and the challenge are done. Well done! Try another guided lab, or keep exploring this one.',
  language: 'Language',
};

export type GuideStrings = typeof EN;

const ZH: GuideStrings = {
  gallery: '引导实验',
  galleryIntro: '每个实验按步骤重现一篇教程，在一个新的实验中进行（当前实验保留在实验列表中）。你完成一步，游乐场就勾选一步。',
  start: '开始',
  steps: (n: number) => `${n} 个步骤和一个挑战`,
  seeds: (s: string[]) => `来自教程 ${s.join('、')}`,
  machines: (h: string[]) => h.join('、'),
  loading: '正在加载实验…',
  loadFailed: '无法加载引导实验。请检查网络后重试。',
  close: '关闭',
  collapse: '收起引导',
  expand: '展开引导',
  closeGuide: '停止跟随这个引导实验',
  progress: (done: number, total: number) => `已完成 ${done}/${total} 步`,
  progressShort: (done: number, total: number) => `${done}/${total}`,
  showHint: '显示提示',
  hideHint: '隐藏提示',
  run: '运行',
  runTitle: (line: string, host: string) => `在 ${host} 上运行 \`${line}\``,
  on: (host: string) => `在 ${host}`,
  done: '已完成',
  notDone: '未完成',
  challenge: '挑战',
  challengeNote: '这一题没有提示：用前面步骤学到的知识完成它。',
  celebrate: '所有步骤和挑战都完成了，干得好！试试另一个引导实验，或者继续探索这个。',
  language: '语言',
};

export function stringsFor(lang: GuideLang): GuideStrings {
  return lang === 'zh' ? ZH : EN;
}
