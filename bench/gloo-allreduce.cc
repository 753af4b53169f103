// gloo's allreduce called directly from C++ (no Node, no binding): the baseline bench/distributed.ts
// compares antorcha's allReduce with. Debian ships libgloo without gloo's own benchmark binary,
// so this stands in for it: same algorithm (gloo::allreduce, ring), same sizes, same timing rule.
// Build: g++ -O2 -std=c++17 bench/gloo-allreduce.cc -lgloo -pthread -o /tmp/gloo-allreduce
// Run:   /tmp/gloo-allreduce <rank> <size> <store dir>   (one process per rank)
#include <gloo/allreduce.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/file_store.h>
#include <gloo/transport/tcp/device.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) return 2;
  const int rank = std::atoi(argv[1]), size = std::atoi(argv[2]);
  gloo::transport::tcp::attr attr;
  attr.hostname = "127.0.0.1";
  auto dev = gloo::transport::tcp::CreateDevice(attr);
  gloo::rendezvous::FileStore store(argv[3]);
  auto ctx = std::make_shared<gloo::rendezvous::Context>(rank, size);
  ctx->connectFullMesh(store, dev);
  uint32_t tag = 0;
  for (size_t bytes = 1024; bytes <= (64u << 20); bytes *= 4) {
    const size_t n = bytes / 4;
    std::vector<float> buf(n, 1.0f);
    // At least 5 timed calls, up to ~64 MB moved per size; 3 warm-up calls; the median reported.
    const int iters = static_cast<int>(std::max<size_t>(5, std::min<size_t>(200, (64u << 20) / bytes)));
    std::vector<double> us;
    for (int i = 0; i < iters + 3; i++) {
      gloo::AllreduceOptions opts(ctx);
      opts.setOutput(buf.data(), n);
      opts.setReduceFunction(
          static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<float>));
      opts.setTag(tag++);
      auto t0 = std::chrono::steady_clock::now();
      gloo::allreduce(opts);
      auto t1 = std::chrono::steady_clock::now();
      if (i >= 3) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    if (rank == 0) std::printf("%zu %.1f\n", bytes, us[us.size() / 2]);
  }
  return 0;
}
