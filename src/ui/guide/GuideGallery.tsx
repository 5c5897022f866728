/**
 * The gallery of guided labs (store `galleryOpen`): a modal dialog with one card per lab (title,
 * summary, seeds, steps) and a Start button. Keyboard: focus starts on the first Start, Tab stays
 * inside, Esc closes and gives the focus back to where it was.
 */
import { useEffect, useRef } from 'react';
import { trapTab } from '../layout/use-modal';
import { usePlayground } from '../../store';
import { focusRequest, useGuideCore } from './core';
import { LangToggle, RichText } from './parts';
import { plainText, stringsFor } from './text';
import './guide.css';

export function GuideGallery() {
  const open = usePlayground((s) => s.galleryOpen);
  if (!open) return null;
  return <Gallery />;
}

function Gallery() {
  const setOpen = usePlayground((s) => s.setGalleryOpen);
  const lang = usePlayground((s) => s.guideLang);
  const current = usePlayground((s) => s.guideId);
  const { core, failed, retry } = useGuideCore();
  const s = stringsFor(lang);
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  // Give the focus back on close, unless a started lab's panel took it.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (!focusRequest.panel && before?.isConnected) before.focus();
    };
  }, []);

  // Once the labs are there, the first Start button gets the focus.
  useEffect(() => {
    if (core) dialogRef.current?.querySelector<HTMLButtonElement>('.guide-card .btn-primary')?.focus();
  }, [core]);

  const close = () => setOpen(false);
  const start = (id: string) => {
    focusRequest.panel = true;
    if (!core?.startGuide(id)) focusRequest.panel = false;
  };

  return (
    <div className="overlay" role="presentation" onClick={close}>
      <div
        ref={dialogRef}
        className="guide-gallery"
        role="dialog"
        aria-modal="true"
        aria-labelledby="guide-gallery-title"
        data-testid="guide-gallery"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // The page's one-key shortcuts (P, T, ...) do not fire behind a modal dialog.
          e.stopPropagation();
          if (e.key === 'Escape') close();
          else if (e.key === 'Tab') trapTab(e.currentTarget, e);
        }}
      >
        <header className="guide-gallery-head">
          <h2 id="guide-gallery-title">{s.gallery}</h2>
          <LangToggle testId="guide-gallery-lang" />
          <button ref={closeRef} type="button" className="pane-close" onClick={close} aria-label={s.close} title={s.close} data-testid="guide-gallery-close">
            ×
          </button>
        </header>
        <p className="guide-gallery-intro" lang={lang}>
          {s.galleryIntro}
        </p>
        {!core && (
          <p className="guide-loading" role="status">
            {failed ? s.loadFailed : s.loading}{' '}
            {failed && (
              <button type="button" className="btn" onClick={retry}>
                ↻
              </button>
            )}
          </p>
        )}
        {core && (
          <ul className="guide-cards" lang={lang}>
            {core.GUIDED_LABS.map((lab) => (
              <li key={lab.id} className="guide-card" data-testid={`guide-card-${lab.id}`} data-current={lab.id === current}>
                <h3>
                  <RichText text={lab.title[lang]} />
                </h3>
                <p className="guide-card-summary">
                  <RichText text={lab.summary[lang]} />
                </p>
                <p className="guide-card-meta">
                  <span>{s.steps(lab.steps.length)}</span>
                  <span>{s.seeds(lab.seeds)}</span>
                  <span>{s.machines(lab.hosts)}</span>
                </p>
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => start(lab.id)}
                  aria-label={`${s.start}: ${plainText(lab.title[lang])}`}
                  data-testid={`guide-start-${lab.id}`}
                >
                  {s.start}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
