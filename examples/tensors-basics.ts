/**
 * PyTorch's "Introduction to PyTorch Tensors" tutorial (beginner/introyt/tensors_deeper_tutorial),
 * step by step: creating tensors, random tensors and seeding, `*Like` creation, dtypes and `.to`,
 * arithmetic with scalars and tensors, broadcasting (and a shape error), common math functions,
 * in-place operations, copying and cloning, changing shapes. Everything is printed as PyTorch
 * prints it; the seeded tensors are the same numbers PyTorch draws with `torch.manual_seed(1729)`.
 *
 * Run: npx tsx examples/tensors-basics.ts (prints only; writes no files)
 */
import { pathToFileURL } from "node:url";
import * as torch from "../src/index.js";

export interface Options {
  /** Where the printed lines go (console.log). */
  log: (line: string) => void;
}

export interface Result {
  /** Each printed tensor by name (the tutorial's variable), as printed. */
  printed: Record<string, string>;
  /** Messages of the shape errors the tutorial provokes on purpose. */
  errors: string[];
  /** `random1 == random3` and `random2 == random4` after re-seeding. */
  seedsReproduce: boolean;
}

export async function main(opts: Partial<Options> = {}): Promise<Result> {
  const log = opts.log ?? console.log;
  const printed: Record<string, string> = {};
  const errors: string[] = [];
  // print(x), remembering it under `name` for the test against PyTorch's printout
  const print = (name: string, x: torch.Tensor): void => {
    printed[name] = String(x);
    log(printed[name]);
  };
  // The tutorial shows what goes wrong: run `f`, print the one-line error it throws.
  const expectError = (what: string, f: () => unknown): void => {
    try {
      f();
      log(`${what}: no error?`);
    } catch (e) {
      errors.push((e as Error).message);
      log(`${what}: ${(e as Error).message}`);
    }
  };
  const section = (title: string): void => log(`\n# ${title}`);

  section("Creating tensors");
  const x = torch.empty(3, 4);
  log(`${x.constructor.name}`); // type(x): a Tensor
  log(String(x)); // uninitialised memory: whatever was there (not compared)

  const zeros = torch.zeros(2, 3);
  print("zeros", zeros);
  const ones = torch.ones(2, 3);
  print("ones", ones);
  torch.manualSeed(1729);
  const random = torch.rand(2, 3);
  print("random", random);

  section("Random tensors and seeding");
  torch.manualSeed(1729);
  const random1 = torch.rand(2, 3);
  print("random1", random1);
  const random2 = torch.rand(2, 3);
  print("random2", random2);
  torch.manualSeed(1729);
  const random3 = torch.rand(2, 3);
  print("random3", random3);
  const random4 = torch.rand(2, 3);
  print("random4", random4);
  const seedsReproduce = torch.equal(random1, random3) && torch.equal(random2, random4);
  log(
    `random1 equals random3: ${torch.equal(random1, random3)}, random2 equals random4: ${torch.equal(random2, random4)}`,
  );

  section("Tensor shapes");
  const x2 = torch.empty(2, 2, 3);
  log(`[${x2.shape.join(", ")}]`);
  const emptyLikeX = torch.emptyLike(x2);
  log(`[${emptyLikeX.shape.join(", ")}]`);
  const zerosLikeX = torch.zerosLike(x2);
  log(`[${zerosLikeX.shape.join(", ")}]`);
  print("zeros_like_x", zerosLikeX);
  const onesLikeX = torch.onesLike(x2);
  print("ones_like_x", onesLikeX);
  const randLikeX = torch.randLike(x2);
  print("rand_like_x", randLikeX);

  const someConstants = torch.tensor([
    [3.1415926, 2.71828],
    [1.61803, 0.0072897],
  ]);
  print("some_constants", someConstants);
  const someIntegers = torch.tensor([2, 3, 5, 7, 11, 13, 17, 19]);
  print("some_integers", someIntegers);
  const moreIntegers = torch.tensor([
    [2, 4, 6],
    [3, 6, 9],
  ]);
  print("more_integers", moreIntegers);

  section("Tensor data types");
  const a = torch.ones([2, 3], { dtype: torch.int16 });
  print("a_int16", a);
  const b = torch.rand([2, 3], { dtype: torch.float64 }).mul(20);
  print("b_float64", b);
  const c = b.to(torch.int32);
  print("c_int32", c);

  section("Math & logic with PyTorch tensors");
  const ones2 = torch.zeros(2, 2).add(1);
  const twos = torch.ones(2, 2).mul(2);
  const threes = torch.ones(2, 2).mul(7).sub(1).div(2);
  const fours = twos.pow(2);
  const sqrt2s = twos.pow(0.5);
  print("ones2", ones2);
  print("twos", twos);
  print("threes", threes);
  print("fours", fours);
  print("sqrt2s", sqrt2s);
  const powers2 = twos.pow(
    torch.tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  print("powers2", powers2);
  const fives = ones2.add(fours);
  print("fives", fives);
  const dozens = threes.mul(fours);
  print("dozens", dozens);
  const a2 = torch.rand(2, 3);
  const b2 = torch.rand(3, 2);
  expectError("a * b with shapes (2, 3) and (3, 2)", () => a2.mul(b2));

  section("In brief: tensor broadcasting");
  const rand = torch.rand(2, 4);
  const doubled = rand.mul(torch.ones(1, 4).mul(2));
  print("rand", rand);
  print("doubled", doubled);
  {
    const a = torch.ones(4, 3, 2);
    const b = a.mul(torch.rand(3, 2)); // 3rd & 2nd dims identical to a, dim 1 absent
    print("broadcast_3_2", b);
    const c = a.mul(torch.rand(3, 1)); // 3rd dim = 1, 2nd dim identical to a
    print("broadcast_3_1", c);
    const d = a.mul(torch.rand(1, 2)); // 3rd dim identical to a, 2nd dim = 1
    print("broadcast_1_2", d);
  }
  {
    const a = torch.ones(4, 3, 2);
    expectError("(4, 3, 2) * (4, 3)", () => a.mul(torch.rand(4, 3))); // dimensions must match last-to-first
    expectError("(4, 3, 2) * (2, 3)", () => a.mul(torch.rand(2, 3))); // both 3rd & 2nd dims different
    expectError("(4, 3, 2) * (0,)", () => a.mul(torch.rand([0]))); // can't broadcast with an empty tensor
  }

  section("More math with tensors");
  {
    // common functions
    const a = torch.rand(2, 4).mul(2).sub(1);
    log("Common functions:");
    print("abs", torch.abs(a));
    print("ceil", torch.ceil(a));
    print("floor", torch.floor(a));
    print("clamp", torch.clamp(a, -0.5, 0.5));

    // trigonometric functions and their inverses
    const angles = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
    const sines = torch.sin(angles);
    const inverses = torch.asin(sines);
    log("\nSine and arcsine:");
    print("angles", angles);
    print("sines", sines);
    print("inverses", inverses);

    // bitwise operations
    log("\nBitwise XOR:");
    const b = torch.tensor([1, 5, 11]);
    const c = torch.tensor([2, 7, 10]);
    print("bitwise_xor", torch.bitwiseXor(b, c));

    // comparisons
    log("\nBroadcasted, element-wise equality comparison:");
    const d = torch
      .tensor([
        [1, 2],
        [3, 4],
      ])
      .float();
    const e = torch.ones(1, 2); // many comparison ops support broadcasting!
    print("eq", torch.eq(d, e)); // a bool tensor

    // reductions
    log("\nReduction ops:");
    print("max", torch.max(d)); // a single-element tensor
    log(String(torch.max(d).item())); // extracts the value from the returned tensor
    print("mean", torch.mean(d)); // average
    print("std", torch.std(d)); // standard deviation
    print("prod", torch.prod(d)); // product of all numbers
    print("unique", torch.unique(torch.tensor([1, 2, 1, 2, 1, 2])) as torch.Tensor); // filter unique elements

    // linear algebra
    const m1 = torch.rand(2, 2); // random matrix
    const m2 = torch
      .tensor([
        [3, 0],
        [0, 3],
      ])
      .float(); // three times identity matrix
    log("\nMatrices:");
    print("m1", m1);
    const m3 = torch.matmul(m1, m2);
    print("m3", m3); // 3 times m1
  }

  section("Altering tensors in place");
  {
    const a = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
    log("a:");
    print("a", a);
    print("sin_a", torch.sin(a)); // this operation creates a new tensor in memory
    print("a_after_sin", a); // a has not changed

    const b = torch.tensor([0, Math.PI / 4, Math.PI / 2, (3 * Math.PI) / 4]);
    log("\nb:");
    print("b", b);
    print("sin_b_", b.sin_()); // note the underscore
    print("b_after_sin_", b); // b has changed
  }
  {
    const a = torch.ones(2, 2);
    const b = torch.rand(2, 2);
    log("Before:");
    print("before_a", a);
    print("before_b", b);
    log("\nAfter adding:");
    print("add_", a.add_(b));
    print("after_add_a", a);
    print("after_add_b", b);
    log("\nAfter multiplying");
    print("mul_", b.mul_(b));
    print("after_mul_b", b);
  }

  section("Copying tensors");
  {
    const a = torch.ones(2, 2);
    const b = a;
    a.indexPut_([0, 1], 561); // we change a...
    print("alias_b", b); // ...and b is also altered
  }
  {
    const a = torch.ones(2, 2);
    const b = a.clone();
    log(`b is not a: ${b !== a}`); // different objects in memory...
    print("clone_eq", torch.eq(a, b)); // ...but still with the same contents!
    a.indexPut_([0, 1], 561); // a changes...
    print("clone_b", b); // ...but b is still all ones
  }
  {
    const a = torch.rand([2, 2], { requiresGrad: true }); // turn on autograd
    print("grad_a", a);
    const b = a.clone();
    print("grad_b", b); // remembers it came from a clone (grad_fn=<CloneBackward0>)
    const c = a.detach().clone();
    print("grad_c", c); // no history
    print("grad_a_again", a);
  }

  section("Manipulating tensor shapes");
  {
    const a = torch.rand(3, 226, 226);
    const b = a.unsqueeze(0);
    log(`[${a.shape.join(", ")}]`);
    log(`[${b.shape.join(", ")}]`);
    const c = torch.rand(1, 1, 1, 1, 1);
    print("c_5d", c);
    const d = torch.rand(1, 20);
    log(`[${d.shape.join(", ")}] -> [${d.squeeze(0).shape.join(", ")}]`);
    const outputFeatures = torch.rand(6, 20, 20);
    const input1d = outputFeatures.reshape(6 * 20 * 20);
    log(`[${outputFeatures.shape.join(", ")}] -> [${input1d.shape.join(", ")}]`);
  }
  return { printed, errors, seedsReproduce };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
