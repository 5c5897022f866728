/**
 * The guide panel: the guided lab being followed (store `guideId`), floating over the top-left of
 * the graph canvas. Its steps are a checklist the playground ticks off live; each has a hint to
 * reveal whose lines run as gestures; the challenge has no hint. Collapsible, narrow, scrollable:
 * the canvas stays usable beside it.
 *
 * Mount it inside the graph's cell (a positioned element): it places itself absolutely.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { usePlayground } from '../../store';
import { focusRequest, useGuideCore, useGuideProgress, type GuideCore } from './core';
import type { HintLine } from './hint';
import { LangToggle, RichText } from './parts';
import type { GuidedLab } from './start';
import { stringsFor, type GuideStrings } from './text';
import './guide.css';

export function GuidePanel() {
  const guideId = usePlayground((s) => s.guideId);
  if (guideId === null) return null;
  return <GuideFor key={guideId} id={guideId} />;
}

function GuideFor({ id }: { id: string }) {
  const { core, failed, retry } = useGuideCore();
  const lang = usePlayground((s) => s.guideLang);
  const setGuide = usePlayground((s) => s.setGuide);
  const s = stringsFor(lang);
  const lab = core?.findGuide(id);

  // A guide remembered for a lab that no longer exists in this version: put it away quietly.
  useEffect(() => {
    if (core && !lab) setGuide(null);
  }, [core, lab, setGuide]);

  if (!core || !lab) {
    return (
      <aside className="guide-panel" aria-label={s.gallery} data-testid="guide-panel">
        <div className="guide-head">
          <p className="guide-loading">{failed ? s.loadFailed : s.loading}</p>
          {failed && (
            <button type="button" className="btn" onClick={retry}>
              ↻
            </button>
          )}
          <CloseButton s={s} onClose={() => setGuide(null)} />
        </div>
      </aside>
    );
  }
  return <Guide core={core} lab={lab} s={s} />;
}

function CloseButton({ s, onClose }: { s: GuideStrings; onClose: () => void }) {
  return (
    <button type="button" className="pane-close guide-close" onClick={onClose} aria-label={s.closeGuide} title={s.closeGuide} data-testid="guide-close">
      ×
    </button>
  );
}

function Guide({ core, lab, s }: { core: GuideCore; lab: GuidedLab; s: GuideStrings }) {
  const lang = usePlayground((st) => st.guideLang);
  const setGuide = usePlayground((st) => st.setGuide);
  const progress = useGuideProgress(core, lab);
  const hints = useMemo(() => core.hintsOf(lab), [core, lab]);
  const [collapsed, setCollapsed] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);

  // Started from the gallery with the keyboard: continue here.
  useEffect(() => {
    if (!focusRequest.panel) return;
    focusRequest.panel = false;
    titleRef.current?.focus();
  }, []);

  const done = progress?.steps.filter(Boolean).length ?? 0;
  const total = lab.steps.length;
  const all = progress !== null && done === total && progress.challenge;
  const celebrateRef = useRef<HTMLParagraphElement>(null);

  // The moment everything is done, the celebration scrolls into view.
  useEffect(() => {
    if (all) celebrateRef.current?.scrollIntoView({ block: 'nearest' });
  }, [all]);
  return (
    <aside className="guide-panel" aria-labelledby="guide-title" data-testid="guide-panel" data-collapsed={collapsed} data-guide={lab.id}>
      <header className="guide-head">
        <button
          type="button"
          className="guide-collapse"
          aria-expanded={!collapsed}
          aria-controls="guide-body"
          aria-label={collapsed ? s.expand : s.collapse}
          title={collapsed ? s.expand : s.collapse}
          onClick={() => setCollapsed(!collapsed)}
          data-testid="guide-collapse"
        >
          <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true" className="icon">
            <path d="m6 9 6 6 6-6" />
          </svg>
        </button>
        <h2 id="guide-title" className="guide-title" ref={titleRef} tabIndex={-1} lang={lang}>
          <RichText text={lab.title[lang]} />
        </h2>
        {collapsed && (
          <span className="guide-count" aria-label={s.progress(done, total)}>
            {s.progressShort(done, total)}
          </span>
        )}
        <CloseButton s={s} onClose={() => setGuide(null)} />
      </header>
      {!collapsed && (
        <div className="guide-body" id="guide-body" lang={lang}>
          <div className="guide-status">
            <p className="guide-progress" role="status" data-testid="guide-progress">
              {progress ? s.progress(done, total) : '…'}
            </p>
            <LangToggle testId="guide-lang" />
          </div>
          <progress className="guide-bar" max={total} value={done} aria-hidden="true" />
          <ol className="guide-steps">
            {lab.steps.map((step, i) => (
              <StepItem key={step.id} core={core} id={step.id} title={step.title[lang]} text={step.text[lang]} hint={hints[i] ?? []} firstHost={lab.hosts[0]} done={progress?.steps[i] === true} s={s} />
            ))}
          </ol>
          <section className="guide-challenge" aria-labelledby="guide-challenge-title" data-testid="guide-challenge" data-done={progress?.challenge === true}>
            <div className="guide-item-head">
              <Mark done={progress?.challenge === true} s={s} />
              <h3 id="guide-challenge-title">{s.challenge}</h3>
            </div>
            <p className="guide-text">
              <RichText text={lab.challenge.text[lang]} />
            </p>
            <p className="guide-note">{s.challengeNote}</p>
          </section>
          <div aria-live="polite">
            {all && (
              <p className="guide-celebrate" data-testid="guide-complete" ref={celebrateRef}>
                <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" className="icon">
                  <path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z" />
                </svg>
                <span>{s.celebrate}</span>
              </p>
            )}
          </div>
        </div>
      )}
    </aside>
  );
}

function Mark({ done, s }: { done: boolean; s: GuideStrings }) {
  return (
    <span className="guide-mark" data-done={done} role="img" aria-label={done ? s.done : s.notDone} title={done ? s.done : s.notDone}>
      {done && (
        <svg viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" className="icon">
          <path d="m5 12 5 5 9-10" />
        </svg>
      )}
    </span>
  );
}

interface StepProps {
  core: GuideCore;
  id: string;
  title: string;
  text: string;
  hint: HintLine[];
  firstHost: string | undefined;
  done: boolean;
  s: GuideStrings;
}

function StepItem({ core, id, title, text, hint, firstHost, done, s }: StepProps) {
  const [open, setOpen] = useState(false);
  const hintId = `guide-hint-${id}`;
  return (
    <li className="guide-step" data-testid={`guide-step-${id}`} data-done={done}>
      <div className="guide-item-head">
        <Mark done={done} s={s} />
        <h3>
          <RichText text={title} />
        </h3>
      </div>
      <p className="guide-text">
        <RichText text={text} />
      </p>
      {hint.length > 0 && (
        <button type="button" className="guide-hint-btn" aria-expanded={open} aria-controls={hintId} onClick={() => setOpen(!open)} data-testid={`guide-hint-${id}`}>
          {open ? s.hideHint : s.showHint}
        </button>
      )}
      {open && (
        <ol className="guide-hint" id={hintId}>
          {hint.map((l, k) => (
            <HintItem key={k} core={core} line={l} showHost={l.host !== firstHost} s={s} />
          ))}
        </ol>
      )}
    </li>
  );
}

function HintItem({ core, line, showHost, s }: { core: GuideCore; line: HintLine; showHost: boolean; s: GuideStrings }) {
  const shown = line.stdin === undefined ? line.command : `${line.command} <<EOF\n${line.stdin}EOF`;
  return (
    <li className="guide-line">
      <code className="guide-cmd">{shown}</code>
      <div className="guide-line-actions">
        {showHost && <span className="guide-host">{s.on(line.host)}</span>}
        {!line.inShell && (
          <button type="button" className="guide-run" onClick={() => core.runHint(line)} aria-label={s.runTitle(line.command, line.host)} title={s.runTitle(line.command, line.host)} data-testid="guide-run">
            <svg viewBox="0 0 24 24" width="11" height="11" aria-hidden="true" className="icon">
              <path d="M7 5v14l11-7z" />
            </svg>
            {s.run}
          </button>
        )}
      </div>
    </li>
  );
}
