// Graph API versions: which ones answer, and which version actually serves a request.

export const LIVE_VERSIONS = ['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0'] as const;
/** Past their end of life: Graph serves them as the oldest live version. */
const EXPIRED_VERSIONS = ['v20.0'];
const OLDEST_LIVE = LIVE_VERSIONS[0];

export interface VersionedPath {
  /** The version in the URL, or null when the path has none. */
  requested: string | null;
  /** The version that answers, or null when Graph does not know the requested one. */
  served: string | null;
  /** The path after the version, e.g. "/300000000000001/settings". */
  rest: string;
}

export function splitVersion(pathname: string): VersionedPath {
  const match = /^\/(v\d+\.\d+|latest)(\/.*)?$/.exec(pathname);
  // Unversioned calls use the app's default version; the sandbox's app default is the oldest.
  if (!match) return { requested: null, served: OLDEST_LIVE, rest: pathname };
  const requested = match[1] ?? '';
  const rest = match[2] ?? '/';
  if ((LIVE_VERSIONS as readonly string[]).includes(requested))
    return { requested, served: requested, rest };
  if (EXPIRED_VERSIONS.includes(requested)) return { requested, served: OLDEST_LIVE, rest };
  return { requested, served: null, rest };
}
