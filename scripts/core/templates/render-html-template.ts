import Handlebars from 'handlebars';

/**
 * The HTML counterpart of renderTemplate: its own private Handlebars instance, `strict` as well, but with
 * Handlebars' HTML escaping left on, so every `{{value}}` is escaped for HTML. Only markup the code built itself
 * (inline SVG charts, whose text is escaped where they are drawn) goes in triple braces, `{{{chart}}}`.
 * renderTemplate is for Markdown and plain text, where escaping for HTML would be wrong.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
handlebars.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders an HTML template's source with data: a pure function of its two arguments (templates are cached by source).
 *
 * @example
 * renderHtmlTemplate('<td>{{name}}</td>', { name: '<b>R&D</b>' }) //=> '<td>&lt;b&gt;R&amp;D&lt;/b&gt;</td>'
 */
export function renderHtmlTemplate(source: string, data: object): string {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, { strict: true });
    compiled.set(source, template);
  }
  return template(data);
}

/**
 * Escapes text for HTML (and SVG) content and attribute values, for markup built in code.
 *
 * @example
 * escapeHtml('Q&A <2026> "x"') //=> 'Q&amp;A &lt;2026&gt; &quot;x&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
