/**
 * dtype names as values, PyTorch-style: `torch.float32`, and the aliases `torch.float`,
 * `torch.double`, `torch.half`, `torch.long`, `torch.int`, `torch.short`.
 * @example torch.zeros([2], { dtype: torch.long })
 */
export const bool = "bool" as const;
export const uint8 = "uint8" as const;
export const int8 = "int8" as const;
export const int16 = "int16" as const;
export const int32 = "int32" as const;
export const int64 = "int64" as const;
export const float16 = "float16" as const;
export const bfloat16 = "bfloat16" as const;
export const float32 = "float32" as const;
export const float64 = "float64" as const;
export const float = "float32" as const;
export const double = "float64" as const;
export const half = "float16" as const;
export const long = "int64" as const;
export const int = "int32" as const;
export const short = "int16" as const;
