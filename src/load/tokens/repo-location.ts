// Whether a credential's storage location is a file inside the repository: `repo-file` always
// is; a `file` or `env-var`/`unknown` location that is a relative path that stays inside the
// repository (`infra/.env`, `./secrets.json`) is; absolute paths, home directories (`~/.aws`),
// paths escaping upward (`../x`), URLs and secret names are not.

import type { StorageKind } from "../../model/types.js";

/** File names and extensions that mark a location as a file (for env-var locations). */
const FILE_LIKE = /(?:^|\/)\.[^/]+$|\.(?:env|json|ya?ml|toml|ini|cfg|conf|properties|txt|tfvars|tf|hcl|pem|key|p12|pfx|json5|xml|sh|bashrc|zshrc|npmrc|netrc|pypirc|dockercfg|kubeconfig|credentials)$/i;

export function isRelativeRepoPath(location: string): boolean {
  const l = location.trim().replace(/\\/g, "/");
  if (l === "" || l.length > 4096) return false;
  if (l.startsWith("/") || l.startsWith("~") || /^[A-Za-z]:\//.test(l) || l.startsWith("$")) return false;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(l)) return false; // a URL or a scheme (vault:, arn:, gh:, ...)
  let depth = 0;
  for (const part of l.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (--depth < 0) return false;
    } else depth++;
  }
  return depth > 0;
}

export function inRepository(kind: StorageKind, location: string | null): boolean {
  if (kind === "repo-file") return true;
  if (location === null) return false;
  switch (kind) {
    case "file":
      return isRelativeRepoPath(location);
    case "env-var":
    case "unknown":
      // an env-var location is usually the variable's name; it is a file when it looks like one
      return isRelativeRepoPath(location) && (location.includes("/") || FILE_LIKE.test(location));
    default:
      return false;
  }
}
