/**
 * MT19937 as NumPy's legacy `RandomState` runs it: Knuth's seeding of the 624-word state from one
 * 32-bit integer (`mt19937_seed`), the reference generator and tempering, 53-bit doubles from two
 * draws (`a >> 5`, `b >> 6`) and 64-bit integers as high word then low word. Same seed, same bits.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/** The generator's whole state, as NumPy's `get_state()` reports it (`MT19937`, key, pos). */
export interface MT19937State {
  key: Uint32Array;
  pos: number;
}

/** A Mersenne Twister stream. */
export class MT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** NumPy's `mt19937_seed`: key[i] = 1812433253·(key[i-1] ^ key[i-1] >> 30) + i (mod 2³²). */
  seed(seed: number): void {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
    this.pos = N;
  }

  private generate(): void {
    const k = this.key;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (k[kk]! & UPPER) | (k[kk + 1]! & LOWER);
      k[kk] = k[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (k[kk]! & UPPER) | (k[kk + 1]! & LOWER);
      k[kk] = k[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (k[N - 1]! & UPPER) | (k[0]! & LOWER);
    k[N - 1] = k[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /** The next 32-bit word. */
  next32(): number {
    if (this.pos >= N) this.generate();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** The next 64-bit word: the first 32-bit draw is the high half. */
  next64(): bigint {
    const hi = this.next32();
    const lo = this.next32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** A copy of the state. */
  getState(): MT19937State {
    return { key: this.key.slice(), pos: this.pos };
  }

  /** Restores a state from `getState()`. */
  setState(state: MT19937State): void {
    if (!(state.key instanceof Uint32Array) || state.key.length !== N)
      throw new TypeError(`[RandomState.setState] key must be a Uint32Array of ${N} words`);
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N)
      throw new RangeError(`[RandomState.setState] pos must be an integer in [0, ${N}]: got ${state.pos}`);
    this.key.set(state.key);
    this.pos = state.pos;
  }
}
