/**
 * Import: the JSON that `docker network inspect` and `docker inspect` print on a real host becomes
 * a lab (its networks and containers, drawn and playable), opened as a new saved lab. What could
 * only be approximated is listed; a paste that is not inspect output is refused in place and the
 * current lab stays as it is. The importer loads on the first Import.
 */
import { useRef, useState } from 'react';
import { openAsNew } from '../../store/labs';

/** Far more than the inspect output of a few hundred containers. */
const MAX_TEXT = 20_000_000;

type Result = { ok: true; name: string; report: string[] } | { ok: false; error: string };

export function ImportPanel({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const look = useRef<HTMLButtonElement>(null);

  const run = async () => {
    if (text.length > MAX_TEXT) {
      setResult({ ok: false, error: `The text is ${(text.length / 1e6).toFixed(1)} million characters; that is not inspect output of one host.` });
      return;
    }
    setBusy(true);
    try {
      const m = await import('../../sim/lab/import-inspect');
      const r = m.importInspect(text);
      if (!r.ok) setResult({ ok: false, error: r.error });
      else if (!openAsNew(r.lab)) setResult({ ok: false, error: 'The playground is still starting; try again in a moment.' });
      else {
        setResult({ ok: true, name: r.lab.name ?? 'Imported lab', report: r.report });
        setText('');
        setTimeout(() => look.current?.focus(), 0);
      }
    } catch (e) {
      setResult({ ok: false, error: `The import failed: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="labs-import">
      <label className="labs-about" htmlFor="labs-import-text">
        Paste the output of <code>docker network inspect $(docker network ls -q)</code> and <code>docker inspect $(docker ps -aq)</code> from
        a real Docker host. Its networks and containers open as a new lab you can ping through.
      </label>
      <textarea
        id="labs-import-text"
        className="labs-paste"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (result && !result.ok) setResult(null);
        }}
        spellCheck={false}
        rows={9}
        placeholder={'[\n    {\n        "Name": "bridge",\n        "Driver": "bridge",\n        …'}
        data-testid="import-text"
      />
      {result && !result.ok && (
        <p className="labs-error" role="alert" data-testid="import-error">
          {result.error} Your current lab is unchanged.
        </p>
      )}
      {result?.ok && (
        <div className="labs-imported" role="status" data-testid="import-report">
          <p>
            Opened <b>{result.name}</b> as a new lab. Your previous lab is in Saved labs.
          </p>
          {result.report.length > 0 && (
            <>
              <p>Approximated:</p>
              <ul>
                {result.report.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <div className="labs-row-actions">
        {result?.ok && (
          <button ref={look} type="button" className="btn btn-primary" onClick={onDone} data-testid="import-look">
            Close and look at it
          </button>
        )}
        <button type="button" className={`btn${result?.ok ? '' : ' btn-primary'}`} disabled={busy || text.trim() === ''} onClick={() => void run()} data-testid="import-run">
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </div>
  );
}
