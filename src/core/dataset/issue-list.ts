import { type DatasetIssue, MAX_LISTED } from './report';

/** Issues in file order: the first MAX_LISTED kept, all of them counted. */
export class IssueList {
  readonly listed: DatasetIssue[] = [];
  count = 0;

  add(issue: DatasetIssue): void {
    this.count++;
    if (this.listed.length < MAX_LISTED) this.listed.push(issue);
  }

  /** Adds issues found at the end, in file order: `found` are the first by line, `total` counts all. */
  merge(found: DatasetIssue[], total: number): void {
    this.count += total;
    if (!found.length) return;
    const merged = [...found, ...this.listed].sort((x, y) => x.line - y.line); // stable: the merged ones first on a line
    this.listed.splice(0, this.listed.length, ...merged.slice(0, MAX_LISTED));
  }
}
