/**
 * The share popover under the Share button: it makes the link (the lab, compressed, in the URL's
 * fragment), copies it, and says whether its length travels well: fine; long (some chat apps cut
 * it); too long (the lab file instead). When the browser refuses the clipboard the link is shown
 * selected in a field for the user to copy.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { labFile, shareLink, type ShareLink } from '../../store/labs';
import { LAB_URL_LIMITS } from '../../sim/lab/codec';
import { copyText, downloadText } from './files';
import { shareMessage } from './text';
import './labs.css';

type State =
  | { phase: 'working' }
  | { phase: 'ready'; link: ShareLink; copied: boolean | null }
  | { phase: 'failed'; error: string };

function status(s: Extract<State, { phase: 'ready' }>): string {
  if (s.link.verdict === 'too-long') return 'This lab is too big for a link.';
  if (s.copied) return 'Link copied to the clipboard.';
  return 'Copy this link (the browser did not let the page copy it):';
}

export default function SharePopover({ anchor, onClose }: { anchor: RefObject<HTMLElement | null>; onClose: () => void }) {
  const [state, setState] = useState<State>({ phase: 'working' });
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    shareLink()
      .then(async (link) => {
        const copied = link.verdict === 'too-long' ? null : await copyText(link.url);
        if (live) setState({ phase: 'ready', link, copied });
      })
      .catch((e: unknown) => {
        if (live) setState({ phase: 'failed', error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (state.phase !== 'ready') return;
    input.current?.focus();
    input.current?.select();
  }, [state]);

  // Closes on a press outside (the Share button toggles it itself) and on Esc, focus back on Share.
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!anchor.current?.contains(e.target as Node)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
      anchor.current?.querySelector('button')?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [anchor, onClose]);

  const download = () => {
    const f = labFile();
    downloadText(f.name, f.text, 'application/json');
  };
  const copy = async (url: string) => {
    const copied = await copyText(url);
    setState((s) => (s.phase === 'ready' ? { ...s, copied } : s));
    input.current?.focus();
    input.current?.select();
  };

  return (
    <div className="share-pop" role="dialog" aria-label="Share this lab" data-testid="share-popover">
      {state.phase === 'working' && <p className="share-status">Making the link…</p>}
      {state.phase === 'failed' && (
        <p className="share-status share-error" role="alert">
          The link could not be made: {state.error}
        </p>
      )}
      {state.phase === 'ready' && (
        <>
          <p className={`share-status${state.copied ? ' share-copied' : ''}`} role="status" data-testid="share-status">
            {status(state)}
          </p>
          <input
            ref={input}
            className="share-url"
            readOnly
            value={state.link.url}
            aria-label="Link to this lab"
            onFocus={(e) => e.currentTarget.select()}
            data-testid="share-url"
          />
          <p className={`share-verdict share-${state.link.verdict}`} data-testid="share-verdict" data-verdict={state.link.verdict}>
            {shareMessage(state.link.verdict, state.link.url.length, LAB_URL_LIMITS.max)}
          </p>
          <div className="share-actions">
            {state.link.verdict === 'too-long' ? (
              <>
                <button type="button" className="btn btn-primary" onClick={download} data-testid="share-download">
                  Download the lab file
                </button>
                <button type="button" className="btn" onClick={() => void copy(state.link.url)} data-testid="share-copy">
                  Copy the link anyway
                </button>
              </>
            ) : (
              <>
                <button type="button" className="btn" onClick={() => void copy(state.link.url)} data-testid="share-copy">
                  {state.copied ? 'Copy again' : 'Copy'}
                </button>
                <button type="button" className="btn" onClick={download} data-testid="share-download">
                  Download the lab file
                </button>
              </>
            )}
          </div>
          <p className="share-note">
            The link carries the whole lab: machines, commands and positions. Opening it rebuilds the lab in the browser; nothing is uploaded.
          </p>
        </>
      )}
    </div>
  );
}
