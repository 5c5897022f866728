/** Small pieces the gallery and the panel share: text with `code` spans, the language switch. */
import { usePlayground, type GuideLang } from '../../store';
import { splitCode, stringsFor } from './text';

/** Text whose backticked spans render as <code>. */
export function RichText({ text }: { text: string }) {
  return (
    <>
      {splitCode(text).map((s, i) => (s.code ? <code key={i}>{s.text}</code> : <span key={i}>{s.text}</span>))}
    </>
  );
}

const LANGS: { lang: GuideLang; label: string; name: string }[] = [
  { lang: 'en', label: 'EN', name: 'English' },
  { lang: 'zh', label: '中文', name: '中文 (Chinese)' },
];

/** EN / 中文: the language of the guided labs' text (the store's `guideLang`). */
export function LangToggle({ testId }: { testId: string }) {
  const lang = usePlayground((s) => s.guideLang);
  const setLang = usePlayground((s) => s.setGuideLang);
  return (
    <div className="guide-lang" role="group" aria-label={stringsFor(lang).language} data-testid={testId}>
      {LANGS.map((l) => (
        <button
          key={l.lang}
          type="button"
          className="guide-lang-btn"
          aria-pressed={lang === l.lang}
          aria-label={l.name}
          lang={l.lang}
          onClick={() => setLang(l.lang)}
        >
          {l.label}
        </button>
      ))}
    </div>
  );
}
