// Resource address globs for exceptions: `*` matches any run of characters (dots, brackets
// and quotes included), `?` one character; everything else is literal, so addresses such as
// module.db["eu"].aws_db_instance.main[0] can be written as they appear.

export function addressGlob(pattern: string): RegExp {
  let re = "^";
  for (const ch of pattern) {
    if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(re + "$", "s");
}

export function matchesAddress(pattern: string, address: string): boolean {
  return addressGlob(pattern).test(address);
}
