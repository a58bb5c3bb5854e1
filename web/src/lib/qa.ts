// QA findings come from the server as a check and its values (api/translation/qa.ts); the words
// are the locale's (`qa.<check>`), and a check this build does not know shows the server's
// English. Values are isolated (FSI … PDI): an English form inside an Arabic sentence, or an
// Arabic name inside an English one, does not reorder the sentence around it.
import type { QaIssue } from '../api.ts';
import { t } from '../i18n.ts';

export function qaMessage(issue: Pick<QaIssue, 'check' | 'params' | 'message'>): string {
  const params = Object.fromEntries(Object.entries(issue.params).map(([k, v]) => [k, `\u2068${v}\u2069`]));
  return t(`qa.${issue.check}`, { ...params, defaultValue: issue.message });
}
