{
  "targets": [
    {
      "target_name": "antorcha_native",
      "sources": [
        "native/binding/addon.cc",
        "native/kernels/elementwise.cc",
        "native/kernels/ew_generic.cc",
        "native/kernels/ew_avx2.cc",
        "native/kernels/ew_avx512.cc",
        "native/kernels/reduce.cc",
        "native/kernels/indexing.cc",
        "native/kernels/gemm/gemm.cc",
        "native/kernels/gemm/gemm_avx2.cc",
        "native/kernels/gemm/gemm_avx512.cc",
        "native/kernels/parallel.cc",
        "native/kernels/fused.cc",
        "native/kernels/conv.cc",
        "native/kernels/pool.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native/include",
        "native/kernels"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O2", "-O0"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20", "-O2", "-O0"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "-Wno-unused-parameter"],
      "ldflags": ["-pthread"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off"]
      },
      "msvs_settings": {
        "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/O2"] }
      }
    }
  ],
  "variables": {
    "antorcha_gloo%": "<!(node -p \"require('fs').existsSync('/usr/include/gloo/allreduce.h') && !process.env.ANTORCHA_NO_GLOO ? 1 : 0\")"
  },
  "conditions": [
    [
      "antorcha_gloo==1",
      {
        "targets": [
          {
            "target_name": "antorcha_gloo",
            "sources": ["native/distributed/gloo_addon.cc"],
            "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
            "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
            "cflags!": ["-fno-exceptions"],
            "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++20"],
            "cflags_cc": ["-std=c++17", "-O2", "-fexceptions", "-Wno-unused-parameter"],
            "libraries": ["-lgloo"],
            "ldflags": ["-pthread"]
          }
        ]
      }
    ]
  ]
}
