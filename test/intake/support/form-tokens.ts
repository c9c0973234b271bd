/** Form tokens for tests: a fixed key, and complaints signed as the form page would sign them. */
import { FormTokens } from '../../../scripts/adapters/http/form-token.ts';

export const TEST_FORM_SECRET = Buffer.alloc(32, 7);

export function testFormTokens(minFillMs = 3_000): FormTokens {
  return new FormTokens({ secret: TEST_FORM_SECRET, minFillMs });
}

/** `input` as a form shown at `shownAt` sends it: its renderedAt, and a token for its procedure and submission id. */
export function signed<T extends object>(input: T, shownAt: number, tokens: FormTokens = testFormTokens()): T & { renderedAt: string; formToken: string } {
  const { procedure, submissionId } = input as { procedure?: unknown; submissionId?: unknown };
  if (typeof procedure !== 'string' || typeof submissionId !== 'string') throw new Error('A signed form needs a procedure and a submission id.');
  return { ...input, renderedAt: new Date(shownAt).toISOString(), formToken: tokens.sign({ procedure, submissionId, shownAt }) };
}
