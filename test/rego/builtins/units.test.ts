import { test } from "node:test";
import assert from "node:assert/strict";
import { BUILTINS } from "../../../src/rego/builtins/index.js";
import { type Num, numCmp, numEq, numToString, parseNumber } from "../../../src/rego/number.js";
import { type Value, toJSONText } from "../../../src/rego/value.js";
import { callValue as call, failValue as fail, testCtx } from "./ctx.js";

function assertNum(v: Value | undefined, want: string, what: string): void {
  const w = parseNumber(want)!;
  assert.ok(numEq(v as Num, w), `${what}: got ${v === undefined ? "undefined" : toJSONText(v)}, want ${want}`);
}

// every `units.parse(s) == n` / `units.parse_bytes(s) == n` case of OPA's compliance folder units
const COMPLIANCE: [string, string, string][] = [
  ["parse", "\"100TI\"", "109951162777600"],
  ["parse_bytes", "\"100TIB\"", "109951162777600"],
  ["parse", "0", "0"],
  ["parse", "0.0", "0"],
  ["parse", ".0", "0"],
  ["parse", "12345", "12345"],
  ["parse", "10K", "10000"],
  ["parse", "10KI", "10240"],
  ["parse", "10k", "10000"],
  ["parse", "10Ki", "10240"],
  ["parse", "200M", "200000000"],
  ["parse", "300Gi", "322122547200"],
  ["parse", "1.1K", "1100"],
  ["parse", "1.1Ki", "1126.4"],
  ["parse", ".5K", "500"],
  ["parse", "100k", "100000"],
  ["parse", "100K", "100000"],
  ["parse", "100ki", "102400"],
  ["parse", "100Ki", "102400"],
  ["parse", "100M", "100000000"],
  ["parse", "100mi", "104857600"],
  ["parse", "100Mi", "104857600"],
  ["parse", "100g", "100000000000"],
  ["parse", "100gi", "107374182400"],
  ["parse", "100t", "100000000000000"],
  ["parse", "100T", "100000000000000"],
  ["parse", "100ti", "109951162777600"],
  ["parse", "100Ti", "109951162777600"],
  ["parse", "100p", "100000000000000000"],
  ["parse", "100P", "100000000000000000"],
  ["parse", "100pi", "112589990684262400"],
  ["parse", "100Pi", "112589990684262400"],
  ["parse", "10e", "10000000000000000000"],
  ["parse", "10E", "10000000000000000000"],
  ["parse", "10ei", "11529215046068469760"],
  ["parse", "10Ei", "11529215046068469760"],
  ["parse", "1e10", "10000000000"],
  ["parse", "3.2E4", "32000"],
  ["parse", "2.5e3K", "2500000"],
  ["parse", "1e3M", "1000000000"],
  ["parse", "4E2G", "400000000000"],
  ["parse", "5e1Gi", "53687091200"],
  ["parse", "1e-2", "0.01"],
  ["parse", "7.8E-1", "0.78"],
  ["parse", "6e3Mi", "6291456000"],
  ["parse", "42", "42"],
  ["parse", "-3.5E2m", "-0.35"],
  ["parse_bytes", "0", "0"],
  ["parse_bytes", "0.0", "0"],
  ["parse_bytes", ".0", "0"],
  ["parse_bytes", "12345", "12345"],
  ["parse_bytes", "10KB", "10000"],
  ["parse_bytes", "10KIB", "10240"],
  ["parse_bytes", "10kb", "10000"],
  ["parse_bytes", "10Kib", "10240"],
  ["parse_bytes", "200mb", "200000000"],
  ["parse_bytes", "300GiB", "322122547200"],
  ["parse_bytes", "1.1KB", "1100"],
  ["parse_bytes", "1.1KiB", "1126"],
  ["parse_bytes", ".5KB", "500"],
  ["parse_bytes", "100k", "100000"],
  ["parse_bytes", "100kb", "100000"],
  ["parse_bytes", "100ki", "102400"],
  ["parse_bytes", "100kib", "102400"],
  ["parse_bytes", "100m", "100000000"],
  ["parse_bytes", "100mb", "100000000"],
  ["parse_bytes", "100mi", "104857600"],
  ["parse_bytes", "100mib", "104857600"],
  ["parse_bytes", "100g", "100000000000"],
  ["parse_bytes", "100gb", "100000000000"],
  ["parse_bytes", "100gi", "107374182400"],
  ["parse_bytes", "100gib", "107374182400"],
  ["parse_bytes", "100t", "100000000000000"],
  ["parse_bytes", "100tb", "100000000000000"],
  ["parse_bytes", "100ti", "109951162777600"],
  ["parse_bytes", "100tib", "109951162777600"],
  ["parse_bytes", "100p", "100000000000000000"],
  ["parse_bytes", "100pb", "100000000000000000"],
  ["parse_bytes", "100pi", "112589990684262400"],
  ["parse_bytes", "100pib", "112589990684262400"],
  ["parse_bytes", "10e", "10000000000000000000"],
  ["parse_bytes", "10eb", "10000000000000000000"],
  ["parse_bytes", "10ei", "11529215046068469760"],
  ["parse_bytes", "10eib", "11529215046068469760"],
  ["parse_bytes", "1e3KB", "1000000"],
  ["parse_bytes", "3.2E2MiB", "335544320"],
  ["parse_bytes", "4.5e1GiB", "48318382080"],
  ["parse_bytes", "5e6", "5000000"],
  ["parse_bytes", "1e-2KB", "10"],
  ["parse_bytes", "6.4E1GB", "64000000000"],
  ["parse_bytes", "7.5e1TiB", "82463372083200"],
  ["parse_bytes", "5e2MiB", "524288000"],
  ["parse_bytes", "2e2GiB", "214748364800"],
];

test("units.parse / units.parse_bytes: the compliance cases", () => {
  for (const [fn, s, want] of COMPLIANCE) assertNum(call(`units.${fn}`, s), want, `units.${fn}(${JSON.stringify(s)})`);
  // round(units.parse("100m") * 1000) == 100; not units.parse("5E") == 5 (E is exa)
  assertNum(call("units.parse", "100m"), "0.1", "100m");
  assertNum(call("units.parse", "5E"), "5000000000000000000", "5E");
  assertNum(call("units.parse_bytes", "5E"), "5000000000000000000", "5E bytes");
});

test("units.parse: exact comparisons (issue 4856, units precision)", () => {
  assertNum(call("units.parse", "500m"), "0.5", "500m");
  assertNum(call("units.parse", "0.0005K"), "0.5", "0.0005K");
  assertNum(call("units.parse", "0.0000005M"), "0.5", "0.0000005M");
  // integers print without decimals
  assert.equal(toJSONText(call("units.parse", "1G")!), "1000000000");
  // OPA rounds non-integral results to ten decimals (big.Rat FloatString(10))
  assert.equal(numToString(call("units.parse", "1.1Ki") as Num), "1126.4000000000");
  assert.equal(numToString(call("units.parse", "-3.5E2m") as Num), "-0.3500000000");
  assertNum(call("units.parse", "0.00000000005"), "0.0000000001", "rounding half away from zero");
  assertNum(call("units.parse", "-0.00000000005"), "-0.0000000001", "rounding half away from zero");
  assertNum(call("units.parse", "1e-20"), "0", "below ten decimals");
  assertNum(call("units.parse", "123456789012345678901234567890"), "123456789012345678901234567890", "exact big integers");
});

test("units.parse: comparisons (compliance test-parse-units-comparisons)", () => {
  const u = (s: string) => call("units.parse", s) as Num;
  assert.ok(numEq(u("1024"), u("1Ki")));
  assert.ok(numEq(u("2Mi"), u("2097152")));
  assert.ok(numEq(u("2Mi"), u("2Mi")));
  assert.ok(numEq(u("128Gi"), u("137438953472")));
  for (const [a, b] of [["8k", "7k"], ["8g", "8m"], ["1g", "1234k"], ["3Mi", "3M"], ["4Mi", "4M"], ["4.1Mi", "4Mi"]]) {
    assert.equal(numCmp(u(a!), u(b!)), 1, `${a} > ${b}`);
  }
});

test("units.parse: every unit OPA knows, and the ones it does not (regorus units/parse)", () => {
  const si: [string, string][] = [
    ["E", "1e18"], ["e", "1e18"], ["P", "1e15"], ["p", "1e15"], ["T", "1e12"], ["t", "1e12"], ["G", "1e9"],
    ["g", "1e9"], ["M", "1e6"], ["K", "1e3"], ["k", "1e3"], ["m", "0.001"],
  ];
  for (const [unit, want] of si) assertNum(call("units.parse", "1" + unit), want, unit);
  const bin: [string, string][] = [
    ["ki", "1024"], ["mi", "1048576"], ["gi", "1073741824"], ["ti", "1099511627776"],
    ["pi", "1125899906842624"], ["ei", "1152921504606846976"],
  ];
  for (const [unit, want] of bin) {
    for (const v of [unit, unit[0]!.toUpperCase() + unit[1], unit[0] + unit[1]!.toUpperCase(), unit.toUpperCase()]) {
      assertNum(call("units.parse", "1" + v), want, v);
    }
  }
  assertNum(call("units.parse", "1"), "1", "no unit");
  assertNum(call("units.parse", "\"1\""), "1", "quoted");
  // OPA knows fewer units than regorus: these are errors (undefined unless strict)
  for (const unit of ["Q", "R", "Y", "Z", "h", "da", "d", "c", "\u03bc", "n", "f", "a", "z", "y", "r", "q", "zi", "Zi", "yi", "YI", "mb"]) {
    const want = unit.length > 1 ? unit[0] + unit.slice(1).toLowerCase() : unit;
    assert.deepEqual(fail("units.parse", "1" + unit), ["eval_builtin_error", `unit ${want} not recognized`]);
  }
  // Go lower-cases U+0130 to a plain i
  assert.deepEqual(fail("units.parse", "1K\u0130B"), ["eval_builtin_error", "unit Kib not recognized"]);
});

test("units.parse: errors (compliance test-parse-units-errors)", () => {
  const e = (s: string) => fail("units.parse", s);
  assert.deepEqual(e(""), ["eval_builtin_error", "no amount provided"]);
  assert.deepEqual(e("G"), ["eval_builtin_error", "no amount provided"]);
  assert.deepEqual(e("foo"), ["eval_builtin_error", "no amount provided"]);
  assert.deepEqual(e("0.0.0"), ["eval_builtin_error", "could not parse amount to a number"]);
  assert.deepEqual(e(".5.2"), ["eval_builtin_error", "could not parse amount to a number"]);
  assert.deepEqual(e("1-2"), ["eval_builtin_error", "could not parse amount to a number"]);
  assert.deepEqual(e("e5"), ["eval_builtin_error", "could not parse amount to a number"]);
  assert.deepEqual(e("100 k"), ["eval_builtin_error", "spaces not allowed in resource strings"]);
  assert.deepEqual(e(" 327Mi "), ["eval_builtin_error", "spaces not allowed in resource strings"]);
  assert.deepEqual(e("1 m"), ["eval_builtin_error", "spaces not allowed in resource strings"]);
  assert.deepEqual(e("10e10000000Ei"), ["eval_builtin_error", "exponent too large"]);
  assert.deepEqual(fail("units.parse", ["1"]), ["eval_type_error", "operand 1 must be string but got array"]);
});

test("units.parse_bytes: every unit (regorus units/parse_bytes, OPA's subset)", () => {
  const bin: [string, string][] = [
    ["e", "1152921504606846976"], ["p", "1125899906842624"], ["t", "1099511627776"],
    ["g", "1073741824"], ["m", "1048576"], ["k", "1024"],
  ];
  for (const [p, want] of bin) {
    for (const v of [p + "i", p + "ib", p + "iB", p + "I", p + "Ib", p + "IB", p.toUpperCase() + "ib", p.toUpperCase() + "IB"]) {
      assertNum(call("units.parse_bytes", "1" + v), want, v);
    }
  }
  const si: [string, string][] = [["e", "1e18"], ["p", "1e15"], ["t", "1e12"], ["g", "1e9"], ["m", "1e6"], ["k", "1e3"]];
  for (const [p, want] of si) {
    for (const v of [p + "b", p + "B", p.toUpperCase() + "b", p.toUpperCase() + "B", p]) assertNum(call("units.parse_bytes", "1" + v), want, v);
  }
  for (const unit of ["yib", "zi", "qb", "rb", "yb", "zb"]) {
    assert.deepEqual(fail("units.parse_bytes", "1" + unit), ["eval_builtin_error", `byte unit ${unit} not recognized`]);
  }
  // big.Float semantics: rounded to a 64-bit mantissa, truncated to an integer
  assertNum(call("units.parse_bytes", "1.1KiB"), "1126", "1.1KiB");
  assertNum(call("units.parse_bytes", "1e-2KB"), "10", "1e-2KB");
  assertNum(call("units.parse_bytes", "0.1"), "0", "0.1");
  assertNum(call("units.parse_bytes", "-1.5kb"), "-1500", "-1.5kb");
  assertNum(call("units.parse_bytes", "18446744073709551617"), "18446744073709551616", "64-bit mantissa");
  assertNum(call("units.parse_bytes", "10eib"), "11529215046068469760", "10eib");
});

test("units.parse_bytes: errors (compliance test-parse-bytes-errors)", () => {
  const e = (s: string) => fail("units.parse_bytes", s);
  assert.deepEqual(e(""), ["eval_builtin_error", "no byte amount provided"]);
  assert.deepEqual(e("GB"), ["eval_builtin_error", "no byte amount provided"]);
  assert.deepEqual(e("foo"), ["eval_builtin_error", "no byte amount provided"]);
  assert.deepEqual(e("0.0.0"), ["eval_builtin_error", "could not parse byte amount to a number"]);
  assert.deepEqual(e(".5.2"), ["eval_builtin_error", "could not parse byte amount to a number"]);
  assert.deepEqual(e("100 kb"), ["eval_builtin_error", "spaces not allowed in resource strings"]);
  assert.deepEqual(e(" 327MiB "), ["eval_builtin_error", "spaces not allowed in resource strings"]);
  assert.deepEqual(e("10e10000000EiB"), ["eval_builtin_error", "exponent too large"]);
  assert.deepEqual(fail("units.parse_bytes", 1), ["eval_type_error", "operand 1 must be string but got number"]);
});

test("hostile input is charged", () => {
  let charged = 0;
  const c = testCtx({ charge: (n) => void (charged += n) });
  const big = BUILTINS.get("units.parse")!.fn(["1e999999"], c) as Num;
  assert.ok(charged >= 999_999);
  assert.ok(numEq(big, parseNumber("1e999999")!));
  charged = 0;
  assertNum(BUILTINS.get("units.parse")!.fn(["1e-999999"], c) as Value, "0", "tiny");
  assert.ok(charged >= 999_999);
  const budget = testCtx({ charge: (n) => { if (n > 1000) throw new Error("budget exhausted"); } });
  assert.throws(() => BUILTINS.get("units.parse_bytes")!.fn(["1e999999"], budget), /budget exhausted/);
  assert.throws(() => BUILTINS.get("units.parse")!.fn(["1".repeat(5000)], budget), /budget exhausted/);
});
