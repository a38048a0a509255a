// The README shows the CLI walkthrough inline; the integration tests run docs/cli-walkthrough.sh.
// This keeps the two identical, so what a reader copies is what CI runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README walkthrough', () => {
  it('matches docs/cli-walkthrough.sh', () => {
    const readme = readFileSync('README.md', 'utf8');
    const match = /<!-- walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- walkthrough:end -->/.exec(readme);
    expect(match, 'README.md has no walkthrough block between its markers').not.toBeNull();
    expect(match![1]).toBe(readFileSync('docs/cli-walkthrough.sh', 'utf8'));
  });
});
