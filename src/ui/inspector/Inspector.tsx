/**
 * The inspector: the selected element's facts, as the real tools print them (facts.ts), one
 * collapsible section per command with the exact line shown and a Copy button. With nothing
 * selected it shows the host's summary and a hint.
 *
 * Invariants: the facts are a pure function of (World, selection), planned again only when either
 * changes, in a deferred render; a section's command runs only while it is open. Nothing here runs
 * a command through the store, so inspecting never touches the log. A selection whose element is
 * gone is cleared.
 */
import { useDeferredValue, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { selectSelected, selectWorld, usePlayground } from '../../store';
import { planFacts, runSection, type SectionPlan } from './facts';
import { useSelection } from './useSelection';
import './inspector.css';

type CopyState = 'idle' | 'copied' | 'selected';

const WRAP_KEY = 'dnp-inspector-wrap';

/** Long lines wrap by default: the pane is narrow and iptables rules are long. */
function initialWrap(): boolean {
  try {
    return globalThis.localStorage?.getItem(WRAP_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Copies `text`; without clipboard access, selects the output so Ctrl+C does it. */
async function copyText(text: string, pre: HTMLElement | null): Promise<CopyState> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    const sel = window.getSelection();
    if (!pre || !sel) return 'idle';
    const range = document.createRange();
    range.selectNodeContents(pre);
    sel.removeAllRanges();
    sel.addRange(range);
    return 'selected';
  }
}

/**
 * One span per line, so a wrapped line continues indented under its own text (deeper than the
 * line's own leading spaces: `ip a`'s `link/ether` lines are indented already). The text is unchanged.
 */
function lines(text: string) {
  return text.split(/(?<=\n)/).map((line, i) => {
    const hang = `${(/^ */.exec(line)?.[0].length ?? 0) + 4}ch`;
    return (
      <span key={i} className="fact-line" style={{ '--hang': hang } as CSSProperties}>
        {line}
      </span>
    );
  });
}

function Fact({ plan, index, open, onToggle }: { plan: SectionPlan; index: number; open: boolean; onToggle: () => void }) {
  const pre = useRef<HTMLPreElement>(null);
  // The command runs when the section is open, in this component's own (deferred) render.
  const section = useMemo(() => (open ? runSection(plan) : undefined), [plan, open]);
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    if (copy === 'idle') return;
    const t = window.setTimeout(() => setCopy('idle'), 1500);
    return () => window.clearTimeout(t);
  }, [copy]);
  const bodyId = `inspector-body-${plan.slug}`;
  const failed = section !== undefined && section.exitCode !== 0;
  const onCopy = () => {
    const done = section ?? runSection(plan);
    void copyText(done.output || done.command || '', pre.current).then(setCopy);
  };
  return (
    <section className={`fact${open ? ' fact-open' : ''}`} data-testid={`inspector-section-${plan.slug}`} data-exit={section?.exitCode}>
      <header className="fact-head">
        <button type="button" className="fact-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle} data-testid={`inspector-toggle-${plan.slug}`}>
          <span className="fact-caret" aria-hidden="true" />
          <span className="fact-title">{plan.title}</span>
          {failed && <span className="fact-exit" title="exit status">exit {section?.exitCode}</span>}
        </button>
        <button type="button" className="fact-copy" onClick={onCopy} data-testid={`inspector-copy-${index}`} title="Copy the output" aria-label={`Copy the output of ${plan.title}`}>
          {copy === 'copied' ? 'Copied' : copy === 'selected' ? 'Ctrl+C' : 'Copy'}
        </button>
      </header>
      {section && (
        <div className="fact-body" id={bodyId}>
          {section.command && (
            <div className="fact-cmd" title="The command that prints this">
              <span className="fact-prompt" aria-hidden="true">#</span>
              <code data-testid={`inspector-command-${section.slug}`}>{section.command}</code>
            </div>
          )}
          {section.note && <p className="fact-note">{section.note}</p>}
          {(section.output !== '' || !section.note) && (
            <pre ref={pre} className={`fact-out${failed ? ' fact-failed' : ''}${section.table ? ' fact-table' : ''}`} data-testid={`inspector-output-${section.slug}`}>
              {section.output ? lines(section.output) : <span className="fact-empty">(no output)</span>}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}

export function Inspector() {
  useSelection();
  const world = usePlayground(selectWorld);
  const selected = usePlayground(selectSelected);
  const select = usePlayground((s) => s.select);
  // Deferred: the terminal and the graph show a command's effect first; the facts follow in an
  // interruptible render, so a burst of commands (a lab replay) does not run them for every step.
  const shownWorld = useDeferredValue(world);
  const shownSelected = useDeferredValue(selected);
  const pending = shownWorld !== world || shownSelected !== selected;
  const facts = useMemo(() => planFacts(shownWorld, shownSelected), [shownWorld, shownSelected]);
  // Folded state by slug, so a section folded on one container stays folded on the next.
  const [folded, setFolded] = useState<Record<string, boolean>>({});
  const [wrap, setWrap] = useState(initialWrap);
  const toggleWrap = () => {
    setWrap(!wrap);
    try {
      globalThis.localStorage?.setItem(WRAP_KEY, wrap ? 'off' : 'on');
    } catch {
      // Storage may be disabled; the choice still holds for this page.
    }
  };

  useEffect(() => {
    if (facts.stale) select(null);
  }, [facts.stale, select]);

  // A new element starts at its header; a World change keeps the place one is reading.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    root.current?.closest('.pane-body')?.scrollTo(0, 0);
  }, [shownSelected]);

  const isOpen = (s: SectionPlan) => !(folded[s.slug] ?? s.folded ?? false);
  const allOpen = facts.sections.every(isOpen);
  const setAll = (open: boolean) =>
    setFolded((f) => ({ ...f, ...Object.fromEntries(facts.sections.map((s) => [s.slug, !open])) }));

  return (
    <div className={`inspector${wrap ? ' inspector-wrap' : ''}${pending ? ' inspector-pending' : ''}`} data-testid="inspector" data-kind={facts.kind} ref={root}>
      <header className="inspector-head">
        <div className="inspector-kind">{facts.subtitle}</div>
        <div className="inspector-title-row">
          <h2 className="inspector-title" data-testid="inspector-title">
            {facts.title}
          </h2>
          <button type="button" className="inspector-tool" onClick={toggleWrap} aria-pressed={wrap} data-testid="inspector-wrap" title="Wrap long lines (off: scroll them, keeping columns aligned)">
            Wrap
          </button>
          {facts.sections.length > 1 && (
            <button type="button" className="inspector-tool" onClick={() => setAll(!allOpen)} data-testid="inspector-fold-all">
              {allOpen ? 'Collapse all' : 'Expand all'}
            </button>
          )}
        </div>
        {shownSelected === null && (
          <p className="inspector-hint" data-testid="inspector-hint">
            Select a container, bridge or namespace on the graph to see its facts.
          </p>
        )}
        {facts.fields.length > 0 && (
          <dl className="inspector-fields">
            {facts.fields.map((f, i) => (
              <div key={`${i}:${f.label}`} className="inspector-field">
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </header>
      <div className="inspector-sections">
        {facts.sections.map((s, i) => (
          <Fact key={s.slug} plan={s} index={i} open={isOpen(s)} onToggle={() => setFolded((f) => ({ ...f, [s.slug]: isOpen(s) }))} />
        ))}
      </div>
    </div>
  );
}
