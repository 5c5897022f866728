/**
 * `docker inspect -f` / `docker network inspect -f`: compile once (a parse error exits 64 before
 * any lookup), run per object. Texts carry the CLI's `Template parsing error: ` prefix.
 */
import { failed, ok, type FormatResult } from './result';
import { ExecError, TEMPLATE_FUNCS, executeTemplate } from './template-exec';
import { TemplateError, parseTemplate, type Template } from './template-parse';

export type { Template } from './template-parse';

export function compileTemplate(source: string): { ok: true; template: Template } | { ok: false; error: string; exitCode: number } {
  try {
    return { ok: true, template: parseTemplate(source, TEMPLATE_FUNCS) };
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, error: `Template parsing error: ${e.message}`, exitCode: 64 };
    throw e;
  }
}

/**
 * Formats one inspect record (from containerInspect / networkInspect) with a Go template. The CLI
 * prints each object's text followed by a newline.
 *
 * @example inspectFormat('{{.HostConfig.Links}}', app) // { ok: true, text: '[/db:/app/database]' }
 * @example inspectFormat('{{.Foo}}', app)
 * // { ok: false, exitCode: 1, error: '\ntemplate parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"' }
 */
export function inspectFormat(template: string | Template, value: unknown): FormatResult {
  let tpl: Template;
  if (typeof template === 'string') {
    const c = compileTemplate(template);
    if (!c.ok) return failed(c.error, c.exitCode);
    tpl = c.template;
  } else tpl = template;
  try {
    return ok(executeTemplate(tpl, value));
  } catch (e) {
    // The 20.10 CLI flushes an empty line, then `template parsing error: …` (checked on a real run).
    if (e instanceof ExecError) return failed(`\ntemplate parsing error: ${e.message}`, 1);
    throw e;
  }
}
