/**
 * `keras.layers`: Keras layers built on `nn` modules; call with or without `new`.
 * @example const { layers } = keras; layers.Dense(10, { activation: "softmax" })
 */
export * from "./base.js";
export * from "./core.js";
export * from "./spatial.js";
export * from "./recurrent.js";
