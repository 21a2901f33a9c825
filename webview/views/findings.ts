// The findings in words at the top of the panel (a `findings` message: sentences the host wrote in
// VS Code's language from core/search/findings.ts). Short by design: a heading and a few lines.
import { localize } from '../../src/panel/strings';

const FINDINGS_ID = 'findings';

/** Puts the findings before `first` (the first section), replacing earlier ones; none removes them. */
export function showFindings(first: HTMLElement, sentences: readonly string[] | undefined, strings: Record<string, string>): void {
  first.parentElement?.querySelector(`#${FINDINGS_ID}`)?.remove();
  if (!sentences || sentences.length === 0) return;
  const section = document.createElement('section');
  section.id = FINDINGS_ID;
  section.className = 'hpl-section hpl-findings';
  const heading = document.createElement('h2');
  heading.textContent = localize(strings, 'findings');
  const list = document.createElement('ul');
  for (const text of sentences) list.append(Object.assign(document.createElement('li'), { textContent: text }));
  section.append(heading, list);
  first.before(section);
}
