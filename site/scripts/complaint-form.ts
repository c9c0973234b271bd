/**
 * The complaint form's enhancements. Everything here also works without it: the server validates with the same
 * schema and shows the same errors, conditional questions are simply all shown, and the late-complaint question
 * is always asked.
 */
import { complaintInputFromForm, formValues } from '../../scripts/core/complaint/complaint-form-input.ts';
import { isRealDate, validateComplaint, type ComplaintErrors } from '../../scripts/core/complaint/complaint-schema.ts';
import { errorItems } from '../lib/complaint-form-fields.ts';

export function startComplaintForm(form: HTMLFormElement): void {
  revealChosenQuestions(form);
  askLateQuestionWhenLate(form);
  const summary = document.querySelector<HTMLElement>('[data-error-summary]');
  summary?.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    const target = link && document.getElementById(link.hash.slice(1));
    if (!target) return;
    // Focus the field and show its question, not only scroll to it, as GOV.UK's error summary does.
    event.preventDefault();
    target.focus({ preventScroll: true });
    (target.closest('fieldset')?.querySelector('legend') ?? document.querySelector(`label[for="${target.id}"]`) ?? target).scrollIntoView();
  });
  form.addEventListener('submit', (event) => {
    const result = validateComplaint(complaintInputFromForm(formValues(new FormData(form))), { today: form.dataset.today ?? '', outcomeRequired: form.dataset.outcomeRequired === 'true' });
    if (result.success) return;
    event.preventDefault();
    showErrors(form, summary, result.errors);
  });
}

/** Shows the questions an answer leads to, and hides the rest. */
function revealChosenQuestions(form: HTMLFormElement): void {
  const choices = [...form.querySelectorAll<HTMLInputElement>('input[data-reveals]')];
  const sync = () => {
    for (const input of choices) {
      const more = document.getElementById(input.dataset.reveals ?? '');
      if (!more) continue;
      input.setAttribute('aria-controls', more.id);
      more.hidden = !input.checked;
    }
  };
  form.addEventListener('change', sync);
  sync();
}

/** Asks about exceptional circumstances only when the incident date is outside the time limit for complaining. */
function askLateQuestionWhenLate(form: HTMLFormElement): void {
  const question = form.querySelector<HTMLElement>('[data-late-question]');
  const date = form.elements.namedItem('incidentDate');
  const earliest = question?.dataset.earliestInTime;
  if (!question || !(date instanceof HTMLInputElement) || !earliest) return;
  const notice = question.querySelector<HTMLElement>('[data-late-notice]');
  const answer = form.elements.namedItem('lateReason');
  const sync = () => {
    const late = isRealDate(date.value) && date.value < earliest;
    const answered = answer instanceof HTMLTextAreaElement && answer.value.trim() !== '';
    question.hidden = !late && !answered;
    if (notice) notice.hidden = !late;
  };
  date.addEventListener('input', sync);
  date.addEventListener('change', sync);
  sync();
}

/** The same error summary and messages the server renders, from the same schema. */
function showErrors(form: HTMLFormElement, summary: HTMLElement | null, errors: ComplaintErrors): void {
  for (const group of form.querySelectorAll<HTMLElement>('[data-field]')) {
    const field = group.dataset.field ?? '';
    const message = (errors.fieldErrors as Record<string, string[] | undefined>)[field]?.[0];
    setFieldError(group, field, message);
  }
  if (!document.title.startsWith('Error: ')) document.title = `Error: ${document.title}`;
  if (!summary) return;
  const list = summary.querySelector('ul');
  list?.replaceChildren(
    ...errorItems(errors).map((item) => {
      const li = document.createElement('li');
      if (item.field) {
        const link = document.createElement('a');
        link.href = `#${item.field}`;
        link.textContent = item.message;
        li.append(link);
      } else {
        li.textContent = item.message;
      }
      return li;
    }),
  );
  summary.hidden = false;
  summary.focus();
}

function setFieldError(group: HTMLElement, field: string, message: string | undefined): void {
  const errorId = `${field}-error`;
  group.querySelector(`:scope > #${errorId}, :scope > fieldset > #${errorId}`)?.remove();
  group.classList.toggle('form-group--error', message !== undefined);
  const control = group.querySelector<HTMLElement>(':scope > [data-control], :scope > fieldset > [data-control]');
  const described = group.querySelector<HTMLElement>(':scope > fieldset[data-described]') ?? control;
  if (control?.matches('input')) control.classList.toggle('input--error', message !== undefined);
  if (control?.matches('textarea')) control.classList.toggle('textarea--error', message !== undefined);
  const ids = (described?.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorId);
  if (message !== undefined) {
    const paragraph = document.createElement('p');
    paragraph.className = 'error-message';
    paragraph.id = errorId;
    const prefix = document.createElement('span');
    prefix.className = 'visually-hidden';
    prefix.textContent = 'Error:';
    paragraph.append(prefix, ` ${message}`);
    control?.before(paragraph);
    ids.push(errorId);
  }
  if (ids.length > 0) described?.setAttribute('aria-describedby', ids.join(' '));
  else described?.removeAttribute('aria-describedby');
}
