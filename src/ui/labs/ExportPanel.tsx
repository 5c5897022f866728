/**
 * Export: the lab as the real commands that rebuild it on a Docker host (a shell script), as a
 * compose.yaml where Compose can say it (and what it cannot), or as the Linux namespace script
 * that builds the same data plane with `ip` and `iptables`. Each shows its text before anything
 * is downloaded or copied. The exporters load when this panel first asks for them.
 */
import { useEffect, useRef, useState } from 'react';
import { usePlayground } from '../../store';
import { copyText, downloadText } from './files';
import { slug } from './text';

type Kind = 'docker' | 'compose' | 'linux';

interface Output {
  text: string;
  file: string;
  /** compose.yaml only: what the lab has that Compose cannot say. */
  leftOut?: string[];
}

const KINDS: { id: Kind; label: string; about: string }[] = [
  { id: 'docker', label: 'Docker script (.sh)', about: 'The docker commands that rebuild this lab on a real Docker host.' },
  { id: 'compose', label: 'compose.yaml', about: 'The lab as a Compose file, where Compose can express it.' },
  { id: 'linux', label: 'Linux namespaces script (.sh)', about: 'The same network built by hand with ip netns, veth pairs, bridges and iptables (run it as root on a scratch VM).' },
];

async function render(kind: Kind): Promise<Output> {
  const s = usePlayground.getState();
  const base = slug(s.labName || 'lab');
  if (kind === 'docker') {
    const m = await import('../../sim/lab/export-docker');
    return { text: m.exportDockerScript(s.currentLab()), file: `${base}-docker.sh` };
  }
  if (kind === 'compose') {
    const m = await import('../../sim/lab/export-compose');
    const r = m.exportCompose(s.currentLab());
    return { text: r.yaml, file: 'compose.yaml', leftOut: r.leftOut };
  }
  const m = await import('../../sim/lab/export-linux');
  return { text: m.exportLinuxWorld(s.world, 'lab'), file: `${base}-netns.sh` };
}

export function ExportPanel() {
  const [kind, setKind] = useState<Kind>('docker');
  const [out, setOut] = useState<{ kind: Kind; result: Output } | { kind: Kind; error: string } | null>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    let live = true;
    setCopied(null);
    render(kind).then(
      (result) => live && setOut({ kind, result }),
      (e: unknown) => live && setOut({ kind, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [kind]);

  const current = out?.kind === kind ? out : null;
  const result = current && 'result' in current ? current.result : null;
  const copy = async () => {
    if (!result) return;
    const ok = await copyText(result.text);
    setCopied(ok ? 'yes' : 'no');
    // Refused: select the text so Ctrl+C copies it.
    if (!ok && pre.current) getSelection()?.selectAllChildren(pre.current);
  };

  return (
    <div className="labs-export">
      <div className="labs-choice" role="radiogroup" aria-label="Export as">
        {KINDS.map((k) => (
          <button key={k.id} type="button" role="radio" aria-checked={kind === k.id} className="labs-choice-btn" onClick={() => setKind(k.id)} data-testid={`export-${k.id}`}>
            {k.label}
          </button>
        ))}
      </div>
      <p className="labs-about">{KINDS.find((k) => k.id === kind)!.about}</p>
      {current && 'error' in current && (
        <p className="labs-error" role="alert" data-testid="export-error">
          This export failed: {current.error}
        </p>
      )}
      {result?.leftOut !== undefined && (
        <div className={`labs-leftout${result.leftOut.length > 0 ? ' has-items' : ''}`} data-testid="export-leftout">
          {result.leftOut.length === 0 ? (
            <p>Everything in this lab fits Compose.</p>
          ) : (
            <>
              <p>Left out of compose.yaml (Compose cannot express it; the Docker script can):</p>
              <ul>
                {result.leftOut.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <pre ref={pre} className="labs-preview" tabIndex={0} aria-label="Preview" data-testid="export-preview">
        {result ? result.text : current ? '' : 'Loading…'}
      </pre>
      <div className="labs-row-actions">
        <span className="labs-copied" role="status">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'The browser refused to copy: the text is selected, press Ctrl+C.' : ''}
        </span>
        <button type="button" className="btn" disabled={!result} onClick={() => void copy()} data-testid="export-copy">
          Copy
        </button>
        <button type="button" className="btn btn-primary" disabled={!result} onClick={() => result && downloadText(result.file, result.text, kind === 'compose' ? 'application/yaml' : 'text/x-shellscript')} data-testid="export-download">
          Download {result?.file ?? ''}
        </button>
      </div>
    </div>
  );
}
