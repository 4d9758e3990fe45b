/**
 * Which label-studio-ml the backend installs, from its requirements files: personal access tokens
 * work only with label-studio-ml from commit ec60414 (2026-02-12) on and a label-studio-sdk that
 * sends `Bearer` for JWTs. The template installs both from git master, unpinned.
 */

export type SdkAge =
  { kind: 'current'; spec: string } | { kind: 'too-old'; spec: string } | { kind: 'pinned'; spec: string } | { kind: 'unknown' };

/** The last released label-studio-ml before personal-access-token support (master has been 2.0.1dev0 since; inferred). */
const LAST_RELEASE_WITHOUT_PAT = [2, 0, 0];

export function sdkAge(requirementTexts: string[]): SdkAge {
  for (const text of requirementTexts) {
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      if (!/^label[-_]studio[-_]ml\b/i.test(line)) continue;
      const git = /git\+\S+?label-studio-ml-backend(?:\.git)?(?:@(\S+))?/.exec(line);
      if (git) return git[1] && git[1] !== 'master' ? { kind: 'pinned', spec: line } : { kind: 'current', spec: line };
      const version = /(==|<=|<|~=)\s*(\d+(?:\.\d+)*)/.exec(line);
      if (!version) return { kind: 'current', spec: line };
      const parts = version[2].split('.').map(Number);
      return atMost(parts, LAST_RELEASE_WITHOUT_PAT) || version[1] === '<'
        ? { kind: 'too-old', spec: line }
        : { kind: 'pinned', spec: line };
    }
  }
  return { kind: 'unknown' };
}

function atMost(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return true;
}
