import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  DTYPES,
  bfloat16BitsToFloat,
  floatToBFloat16Bits,
  floatToHalfBits,
  halfBitsToFloat,
  promoteTypes,
  resultType,
  roundToDtype,
  toDType,
  type DType,
  type PromotionOperand,
} from "../../src/tensor/dtype.js";
import { canCast } from "../../src/ops/define.js";

const fx = JSON.parse(readFileSync(new URL("../fixtures/dtype.json", import.meta.url), "utf8")) as {
  promote: Record<string, DType>;
  canCast: Record<string, boolean>;
  resultType: { a: DType; aKind: "dim" | "zero"; b: string; bKind?: "zero"; out: DType }[];
  half: { value: number | string; f16: number; bf16: number }[];
};

describe("dtype promotion matches PyTorch", () => {
  it("promoteTypes for all 100 pairs", () => {
    for (const a of DTYPES)
      for (const b of DTYPES) assert.equal(promoteTypes(a, b), fx.promote[`${a},${b}`], `${a},${b}`);
  });

  it("canCast for all pairs", () => {
    for (const a of DTYPES) for (const b of DTYPES) assert.equal(canCast(a, b), fx.canCast[`${a},${b}`], `${a}->${b}`);
  });

  it("resultType with dimensioned/0-d tensors and JS scalars", () => {
    const scalar: Record<string, number | boolean> = { int: 2, float: 2.5, bool: true };
    for (const c of fx.resultType) {
      const a: PromotionOperand = { kind: "tensor", dtype: c.a, dim: c.aKind === "dim" ? 1 : 0 };
      const b: PromotionOperand =
        c.bKind === "zero" ? { kind: "tensor", dtype: c.b as DType, dim: 0 } : { kind: "scalar", value: scalar[c.b]! };
      assert.equal(resultType([a, b]), c.out, JSON.stringify(c));
    }
  });
});

describe("16-bit floats", () => {
  it("round like PyTorch (nearest even, overflow to inf, subnormals)", () => {
    for (const h of fx.half) {
      const v = h.value === "inf" ? Infinity : h.value === "-inf" ? -Infinity : (h.value as number);
      assert.equal(floatToHalfBits(v), h.f16, `f16 of ${v}`);
      assert.equal(floatToBFloat16Bits(v), h.bf16, `bf16 of ${v}`);
    }
  });

  it("every half bit pattern round-trips through float", () => {
    for (let b = 0; b < 0x10000; b++) {
      const f = halfBitsToFloat(b);
      if (Number.isNaN(f)) continue;
      assert.equal(floatToHalfBits(f), b);
      assert.equal(floatToBFloat16Bits(bfloat16BitsToFloat(b)), b);
    }
  });

  it("NaN stays NaN", () => {
    assert.ok(Number.isNaN(halfBitsToFloat(floatToHalfBits(NaN))));
    assert.ok(Number.isNaN(bfloat16BitsToFloat(floatToBFloat16Bits(NaN))));
  });
});

describe("casting by store", () => {
  it("float to int truncates toward zero and wraps", () => {
    assert.equal(roundToDtype(2.7, "int32"), 2);
    assert.equal(roundToDtype(-2.7, "int32"), -2);
    assert.equal(roundToDtype(300, "uint8"), 44);
    assert.equal(roundToDtype(-1, "uint8"), 255);
    assert.equal(roundToDtype(200, "int8"), -56);
    assert.equal(roundToDtype(0.5, "bool"), 1);
    assert.equal(roundToDtype(NaN, "bool"), 1);
  });

  it("aliases resolve and unknown names are rejected with the list", () => {
    assert.equal(toDType("float"), "float32");
    assert.equal(toDType("long"), "int64");
    assert.equal(toDType("half"), "float16");
    assert.throws(
      () => toDType("complex64", "zeros"),
      /^TypeError: \[zeros\] unknown dtype: got "complex64", expected one of bool/,
    );
  });
});
