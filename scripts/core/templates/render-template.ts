import Handlebars from 'handlebars';

/**
 * One private Handlebars instance for every template, so helpers registered here never leak into or from other
 * code. `strict` makes a template that names a missing field fail loudly instead of printing nothing; `noEscape`
 * because the output is Markdown for GitHub or plain text, and every piece of user text is escaped for Markdown
 * before it is placed (escapeUserText), never by the template.
 */
const handlebars = Handlebars.create();
handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
handlebars.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
);

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/**
 * Renders a template's source with data: a pure function of its two arguments (templates are cached by source).
 *
 * @example
 * renderTemplate('Due {{date}}', { date: 'Monday 4 January 2027' }) //=> 'Due Monday 4 January 2027'
 */
export function renderTemplate(source: string, data: object): string {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, { strict: true, noEscape: true });
    compiled.set(source, template);
  }
  return template(data);
}
