// antorcha_gloo: N-API glue between antorcha's process groups (src/distributed/) and gloo.
// Collectives are gloo's; this file only moves requests onto one worker thread per group
// (FIFO, so every rank runs its collectives in the order it issued them) and reports completion
// to JS as promises. The rendezvous store gloo needs during connectFullMesh is a JS object (the
// TCP store in src/distributed/store.ts) reached through a thread-safe function.
#include <napi.h>

#include <gloo/allgather.h>
#include <gloo/allreduce.h>
#include <gloo/barrier.h>
#include <gloo/broadcast.h>
#include <gloo/config.h>
#include <gloo/gather.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/store.h>
#include <gloo/scatter.h>
#include <gloo/transport/tcp/device.h>
#include <gloo/types.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using ms = std::chrono::milliseconds;

// ---- The store bridge: gloo's Store interface answered by a JS store on the main thread. ----

struct StoreRequest {
  std::string op;  // "set" | "get" | "wait"
  std::vector<std::string> keys;
  std::vector<char> value;
  long timeoutMs = 0;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::string error;
  std::vector<char> result;
};

void CallStore(Napi::Env env, Napi::Function fn, std::nullptr_t*, StoreRequest* req);
using StoreTsfn = Napi::TypedThreadSafeFunction<std::nullptr_t, StoreRequest, CallStore>;

void Finish(StoreRequest* req, const std::string& error, std::vector<char> result) {
  std::lock_guard<std::mutex> lock(req->mu);
  req->error = error;
  req->result = std::move(result);
  req->done = true;
  req->cv.notify_all();
}

// Runs on the main thread: calls store(op, keys, value, timeoutMs) → Promise<Buffer | null>.
void CallStore(Napi::Env env, Napi::Function fn, std::nullptr_t*, StoreRequest* req) {
  if (env == nullptr) return Finish(req, "the store went away", {});
  try {
    Napi::Array keys = Napi::Array::New(env, req->keys.size());
    for (size_t i = 0; i < req->keys.size(); i++) keys[i] = Napi::String::New(env, req->keys[i]);
    Napi::Value value = req->op == "set"
                            ? Napi::Buffer<char>::Copy(env, req->value.data(), req->value.size()).As<Napi::Value>()
                            : env.Null();
    Napi::Value p = fn.Call({Napi::String::New(env, req->op), keys, value,
                             Napi::Number::New(env, static_cast<double>(req->timeoutMs))});
    auto onOk = Napi::Function::New(env, [req](const Napi::CallbackInfo& info) {
      std::vector<char> out;
      if (info.Length() > 0 && info[0].IsBuffer()) {
        auto b = info[0].As<Napi::Buffer<char>>();
        out.assign(b.Data(), b.Data() + b.Length());
      }
      Finish(req, "", std::move(out));
    });
    auto onErr = Napi::Function::New(env, [req](const Napi::CallbackInfo& info) {
      std::string msg = "store request failed";
      if (info.Length() > 0 && info[0].IsObject()) {
        Napi::Value m = info[0].As<Napi::Object>().Get("message");
        if (m.IsString()) msg = m.As<Napi::String>().Utf8Value();
      }
      Finish(req, msg, {});
    });
    p.As<Napi::Object>().Get("then").As<Napi::Function>().Call(p, {onOk, onErr});
  } catch (const Napi::Error& e) {
    Finish(req, e.Message(), {});
  }
}

class BridgeStore : public gloo::rendezvous::Store {
 public:
  BridgeStore(StoreTsfn tsfn, long timeoutMs) : tsfn_(tsfn), timeoutMs_(timeoutMs) {}
  void set(const std::string& key, const std::vector<char>& data) override {
    StoreRequest req;
    req.op = "set";
    req.keys = {key};
    req.value = data;
    run(req);
  }
  std::vector<char> get(const std::string& key) override {
    StoreRequest req;
    req.op = "get";
    req.keys = {key};
    run(req);
    return req.result;
  }
  void wait(const std::vector<std::string>& keys) override { wait(keys, ms(timeoutMs_)); }
  void wait(const std::vector<std::string>& keys, const ms& timeout) override {
    StoreRequest req;
    req.op = "wait";
    req.keys = keys;
    req.timeoutMs = static_cast<long>(timeout.count());
    run(req);
  }

 private:
  void run(StoreRequest& req) {
    if (req.timeoutMs == 0) req.timeoutMs = timeoutMs_;
    if (tsfn_.BlockingCall(&req) != napi_ok) throw std::runtime_error("the rendezvous store is closed");
    std::unique_lock<std::mutex> lock(req.mu);
    req.cv.wait(lock, [&] { return req.done; });
    if (!req.error.empty()) throw std::runtime_error(req.error);
  }
  StoreTsfn tsfn_;
  long timeoutMs_;
};

// ---- Reductions per dtype (16-bit floats are reduced in float32 and rounded back). ----

enum Op { SUM = 0, PRODUCT = 1, MIN = 2, MAX = 3 };

float Bf16ToFloat(uint16_t h) {
  uint32_t u = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
uint16_t FloatToBf16(float f) {  // round to nearest even, NaN kept quiet
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffff) > 0x7f800000) return static_cast<uint16_t>((u >> 16) | 0x40);
  u += 0x7fff + ((u >> 16) & 1);
  return static_cast<uint16_t>(u >> 16);
}

template <typename T>
T Apply(Op op, T a, T b) {
  switch (op) {
    case SUM: return static_cast<T>(a + b);
    case PRODUCT: return static_cast<T>(a * b);
    case MIN: return b < a ? b : a;
    default: return a < b ? b : a;
  }
}

template <typename T>
gloo::AllreduceOptions::Func Reducer(Op op) {
  return [op](void* c, const void* a, const void* b, size_t n) {
    T* out = static_cast<T*>(c);
    const T* x = static_cast<const T*>(a);
    const T* y = static_cast<const T*>(b);
    for (size_t i = 0; i < n; i++) out[i] = Apply<T>(op, x[i], y[i]);
  };
}

// bool: sum/max = or, product/min = and (PyTorch's meaning for bool tensors).
gloo::AllreduceOptions::Func BoolReducer(Op op) {
  return [op](void* c, const void* a, const void* b, size_t n) {
    uint8_t* out = static_cast<uint8_t*>(c);
    const uint8_t* x = static_cast<const uint8_t*>(a);
    const uint8_t* y = static_cast<const uint8_t*>(b);
    bool any = op == SUM || op == MAX;
    for (size_t i = 0; i < n; i++) out[i] = any ? (x[i] || y[i]) : (x[i] && y[i]);
  };
}

gloo::AllreduceOptions::Func HalfReducer(Op op, bool bf16) {
  return [op, bf16](void* c, const void* a, const void* b, size_t n) {
    uint16_t* out = static_cast<uint16_t*>(c);
    const uint16_t* x = static_cast<const uint16_t*>(a);
    const uint16_t* y = static_cast<const uint16_t*>(b);
    for (size_t i = 0; i < n; i++) {
      float fx, fy;
      if (bf16) {
        fx = Bf16ToFloat(x[i]);
        fy = Bf16ToFloat(y[i]);
      } else {
        gloo::float16 hx, hy;
        hx.x = x[i];
        hy.x = y[i];
        fx = gloo::cpu_half2float(hx);
        fy = gloo::cpu_half2float(hy);
      }
      float r = Apply<float>(op, fx, fy);
      out[i] = bf16 ? FloatToBf16(r) : gloo::cpu_float2half_rn(r).x;
    }
  };
}

// dtype codes, in src/distributed/native.ts's order.
enum DT { BOOL, U8, I8, I16, I32, I64, F16, BF16, F32, F64 };

template <typename T>
void AllreduceTyped(std::shared_ptr<gloo::Context> ctx, void* ptr, size_t n, gloo::AllreduceOptions::Func fn,
                    uint32_t tag, ms timeout) {
  gloo::AllreduceOptions opts(ctx);
  opts.setOutput(static_cast<T*>(ptr), n);
  opts.setReduceFunction(fn);
  opts.setTag(tag);
  opts.setTimeout(timeout);
  gloo::allreduce(opts);
}

void Allreduce(std::shared_ptr<gloo::Context> ctx, int dt, Op op, void* p, size_t bytes, uint32_t tag, ms t) {
  switch (dt) {
    case BOOL: return AllreduceTyped<uint8_t>(ctx, p, bytes, BoolReducer(op), tag, t);
    case U8: return AllreduceTyped<uint8_t>(ctx, p, bytes, Reducer<uint8_t>(op), tag, t);
    case I8: return AllreduceTyped<int8_t>(ctx, p, bytes, Reducer<int8_t>(op), tag, t);
    case I16: return AllreduceTyped<int16_t>(ctx, p, bytes / 2, Reducer<int16_t>(op), tag, t);
    case I32: return AllreduceTyped<int32_t>(ctx, p, bytes / 4, Reducer<int32_t>(op), tag, t);
    case I64: return AllreduceTyped<int64_t>(ctx, p, bytes / 8, Reducer<int64_t>(op), tag, t);
    case F16: return AllreduceTyped<uint16_t>(ctx, p, bytes / 2, HalfReducer(op, false), tag, t);
    case BF16: return AllreduceTyped<uint16_t>(ctx, p, bytes / 2, HalfReducer(op, true), tag, t);
    case F32: return AllreduceTyped<float>(ctx, p, bytes / 4, Reducer<float>(op), tag, t);
    case F64: return AllreduceTyped<double>(ctx, p, bytes / 8, Reducer<double>(op), tag, t);
    default: throw std::runtime_error("unknown dtype code");
  }
}

// ---- A process group: a gloo context and its worker thread. ----

struct Job {
  std::function<void()> run;
  Napi::Promise::Deferred deferred;
  std::vector<Napi::Reference<Napi::Value>> keep;  // the arrays gloo reads/writes stay alive
  std::string error;
  Job(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
};

class Group;
void Complete(Napi::Env env, Napi::Function, Group* group, Job* job);
using DoneTsfn = Napi::TypedThreadSafeFunction<Group, Job, Complete>;

struct Span {
  void* data;
  size_t bytes;
};

Span SpanOf(const Napi::Value& v) {
  if (!v.IsTypedArray()) throw Napi::TypeError::New(v.Env(), "[antorcha_gloo] expected a typed array");
  auto a = v.As<Napi::TypedArray>();
  auto buf = a.ArrayBuffer();
  return {static_cast<char*>(buf.Data()) + a.ByteOffset(), a.ByteLength()};
}

class Group : public Napi::ObjectWrap<Group> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "GlooGroup",
                       {InstanceMethod("connect", &Group::Connect), InstanceMethod("allreduce", &Group::AllreduceJs),
                        InstanceMethod("broadcast", &Group::BroadcastJs), InstanceMethod("allgather", &Group::AllgatherJs),
                        InstanceMethod("gather", &Group::GatherJs), InstanceMethod("scatter", &Group::ScatterJs),
                        InstanceMethod("send", &Group::SendJs), InstanceMethod("recv", &Group::RecvJs),
                        InstanceMethod("barrier", &Group::BarrierJs), InstanceMethod("close", &Group::Close)});
  }

  // new GlooGroup(rank, size, timeoutMs, hostname, iface): iface (GLOO_SOCKET_IFNAME) wins when set
  explicit Group(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Group>(info) {
    rank_ = info[0].As<Napi::Number>().Int32Value();
    size_ = info[1].As<Napi::Number>().Int32Value();
    timeout_ = ms(static_cast<long>(info[2].As<Napi::Number>().DoubleValue()));
    hostname_ = info[3].As<Napi::String>().Utf8Value();
    iface_ = info[4].As<Napi::String>().Utf8Value();
    done_ = DoneTsfn::New(info.Env(), "antorcha_gloo", 0, 1, this);
    done_.Unref(info.Env());
    worker_ = std::thread([this] { Loop(); });
    // The worker and point-to-point threads use this object until they end, which the GC cannot
    // see: keep it alive for the process's life (one small object per process group).
    Ref();
  }

  ~Group() {
    if (worker_.joinable()) worker_.detach();
  }

  void Finished(Napi::Env env, Job* job) {
    if (--pending_ == 0 && open_) done_.Unref(env);
    if (job->error.empty()) {
      job->deferred.Resolve(env.Undefined());
    } else {
      job->deferred.Reject(Napi::Error::New(env, job->error).Value());
    }
    delete job;
  }

 private:
  void Loop() {
    for (;;) {
      Job* job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) {
          ctx_.reset();  // closes the pairs: peers still waiting on us see the connection close
          return;
        }
        job = queue_.front();
        queue_.pop_front();
      }
      try {
        job->run();
      } catch (const std::exception& e) {
        job->error = e.what();
      } catch (...) {
        job->error = "unknown gloo failure";
      }
      done_.BlockingCall(job);
    }
  }

  Napi::Value Submit(Napi::Env env, Job* job) {
    if (!open_) {
      job->deferred.Reject(Napi::Error::New(env, "the process group was destroyed").Value());
      Napi::Value p = job->deferred.Promise();
      delete job;
      return p;
    }
    if (pending_++ == 0) done_.Ref(env);
    Napi::Value p = job->deferred.Promise();
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(job);
    }
    cv_.notify_one();
    return p;
  }

  Job* NewJob(const Napi::CallbackInfo& info, std::initializer_list<size_t> keepArgs) {
    Job* job = new Job(info.Env());
    for (size_t i : keepArgs) job->keep.push_back(Napi::Persistent(info[i]));
    return job;
  }

  std::shared_ptr<gloo::Context> Ctx(Napi::Env env) {
    if (!ctx_) throw Napi::Error::New(env, "[antorcha_gloo] the group is not connected");
    return ctx_;
  }

  // connect(store: (op, keys, value, timeoutMs) => Promise<Buffer | null>) → Promise<void>
  Napi::Value Connect(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto tsfn = StoreTsfn::New(env, info[0].As<Napi::Function>(), "antorcha_gloo_store", 0, 1);
    Job* job = new Job(env);
    int rank = rank_, size = size_;
    ms timeout = timeout_;
    std::string host = hostname_, iface = iface_;
    job->run = [this, tsfn, rank, size, timeout, host, iface]() mutable {
      struct Release {
        StoreTsfn& t;
        ~Release() { t.Release(); }
      } release{tsfn};
      gloo::transport::tcp::attr attr;
      if (iface.empty()) attr.hostname = host;
      else attr.iface = iface;
      auto dev = gloo::transport::tcp::CreateDevice(attr);
      auto ctx = std::make_shared<gloo::rendezvous::Context>(rank, size);
      ctx->setTimeout(timeout);
      BridgeStore store(tsfn, static_cast<long>(timeout.count()));
      ctx->connectFullMesh(store, dev);
      ctx_ = ctx;
    };
    return Submit(env, job);
  }

  // allreduce(array, dtypeCode, op, tag)
  Napi::Value AllreduceJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    Span s = SpanOf(info[0]);
    int dt = info[1].As<Napi::Number>().Int32Value();
    Op op = static_cast<Op>(info[2].As<Napi::Number>().Int32Value());
    uint32_t tag = info[3].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    Job* job = NewJob(info, {0});
    job->run = [ctx, s, dt, op, tag, t] { Allreduce(ctx, dt, op, s.data, s.bytes, tag, t); };
    return Submit(info.Env(), job);
  }

  // broadcast(array, root, tag)
  Napi::Value BroadcastJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    Span s = SpanOf(info[0]);
    int root = info[1].As<Napi::Number>().Int32Value();
    uint32_t tag = info[2].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    Job* job = NewJob(info, {0});
    job->run = [ctx, s, root, tag, t] {
      gloo::BroadcastOptions opts(ctx);
      opts.setOutput(static_cast<uint8_t*>(s.data), s.bytes);
      opts.setRoot(root);
      opts.setTag(tag);
      opts.setTimeout(t);
      gloo::broadcast(opts);
    };
    return Submit(info.Env(), job);
  }

  // allgather(input, output (size × input bytes), tag)
  Napi::Value AllgatherJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    Span in = SpanOf(info[0]), out = SpanOf(info[1]);
    uint32_t tag = info[2].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    Job* job = NewJob(info, {0, 1});
    job->run = [ctx, in, out, tag, t] {
      gloo::AllgatherOptions opts(ctx);
      opts.setInput(static_cast<uint8_t*>(in.data), in.bytes);
      opts.setOutput(static_cast<uint8_t*>(out.data), out.bytes);
      opts.setTag(tag);
      opts.setTimeout(t);
      gloo::allgather(opts);
    };
    return Submit(info.Env(), job);
  }

  // gather(input, output | null, root, tag): output (size × input bytes) on root only
  Napi::Value GatherJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    Span in = SpanOf(info[0]);
    bool hasOut = info[1].IsTypedArray();
    Span out = hasOut ? SpanOf(info[1]) : Span{nullptr, 0};
    int root = info[2].As<Napi::Number>().Int32Value();
    uint32_t tag = info[3].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    Job* job = hasOut ? NewJob(info, {0, 1}) : NewJob(info, {0});
    job->run = [ctx, in, out, hasOut, root, tag, t] {
      gloo::GatherOptions opts(ctx);
      opts.setInput(static_cast<uint8_t*>(in.data), in.bytes);
      if (hasOut) opts.setOutput(static_cast<uint8_t*>(out.data), out.bytes);
      opts.setRoot(root);
      opts.setTag(tag);
      opts.setTimeout(t);
      gloo::gather(opts);
    };
    return Submit(info.Env(), job);
  }

  // scatter(input | null (size × output bytes, on root), output, root, tag)
  Napi::Value ScatterJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    bool hasIn = info[0].IsTypedArray();
    Span in = hasIn ? SpanOf(info[0]) : Span{nullptr, 0};
    Span out = SpanOf(info[1]);
    int root = info[2].As<Napi::Number>().Int32Value();
    uint32_t tag = info[3].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    int size = size_;
    Job* job = hasIn ? NewJob(info, {0, 1}) : NewJob(info, {1});
    job->run = [ctx, in, out, hasIn, root, tag, t, size] {
      gloo::ScatterOptions opts(ctx);
      if (hasIn) {
        std::vector<uint8_t*> parts(size);
        for (int i = 0; i < size; i++) parts[i] = static_cast<uint8_t*>(in.data) + i * out.bytes;
        opts.setInputs(parts, out.bytes);
      }
      opts.setOutput(static_cast<uint8_t*>(out.data), out.bytes);
      opts.setRoot(root);
      opts.setTag(tag);
      opts.setTimeout(t);
      gloo::scatter(opts);
    };
    return Submit(info.Env(), job);
  }

  // send(array, dst, tag) / recv(array, src, tag): point-to-point on unbound buffers, slot = tag.
  Napi::Value SendJs(const Napi::CallbackInfo& info) { return P2p(info, true); }
  Napi::Value RecvJs(const Napi::CallbackInfo& info) { return P2p(info, false); }
  Napi::Value P2p(const Napi::CallbackInfo& info, bool send) {
    auto ctx = Ctx(info.Env());
    Span s = SpanOf(info[0]);
    int peer = info[1].As<Napi::Number>().Int32Value();
    uint64_t slot = info[2].As<Napi::Number>().Int64Value();
    ms t = timeout_;
    Job* job = NewJob(info, {0});
    // Point-to-point runs on its own thread: a recv waiting for its peer must not hold up the
    // collectives queued behind it (PyTorch's send/recv are not ordered with collectives either).
    job->run = [ctx, s, peer, slot, t, send] {
      auto buf = ctx->createUnboundBuffer(s.data, s.bytes);
      if (send) {
        buf->send(peer, slot);
        if (!buf->waitSend(t)) throw std::runtime_error("timed out waiting for send to complete");
      } else {
        buf->recv(peer, slot);
        if (!buf->waitRecv(t)) throw std::runtime_error("timed out waiting for recv to complete");
      }
    };
    Napi::Env env = info.Env();
    if (!open_) return Submit(env, job);
    if (pending_++ == 0) done_.Ref(env);
    Napi::Value p = job->deferred.Promise();
    std::thread([this, job] {
      try {
        job->run();
      } catch (const std::exception& e) {
        job->error = e.what();
      }
      done_.BlockingCall(job);
    }).detach();
    return p;
  }

  Napi::Value BarrierJs(const Napi::CallbackInfo& info) {
    auto ctx = Ctx(info.Env());
    uint32_t tag = info[0].As<Napi::Number>().Uint32Value();
    ms t = timeout_;
    Job* job = new Job(info.Env());
    job->run = [ctx, tag, t] {
      gloo::BarrierOptions opts(ctx);
      opts.setTag(tag);
      opts.setTimeout(t);
      gloo::barrier(opts);
    };
    return Submit(info.Env(), job);
  }

  // close(): stops the worker after the queued jobs; the connections close with the context.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (open_) {
      open_ = false;
      if (pending_ > 0) done_.Unref(info.Env());
      Shutdown();
    }
    return info.Env().Undefined();
  }

  void Shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
  }

  int rank_ = 0, size_ = 1;
  ms timeout_{30000};
  std::string hostname_, iface_;
  std::shared_ptr<gloo::Context> ctx_;
  DoneTsfn done_;
  std::thread worker_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stop_ = false;
  bool open_ = true;
  int pending_ = 0;
};

void Complete(Napi::Env env, Napi::Function, Group* group, Job* job) {
  if (env == nullptr) {
    delete job;
    return;
  }
  group->Finished(env, job);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("GlooGroup", Group::Define(env));
  exports.Set("glooVersion", Napi::String::New(env, std::to_string(GLOO_VERSION_MAJOR) + "." +
                                                        std::to_string(GLOO_VERSION_MINOR) + "." +
                                                        std::to_string(GLOO_VERSION_PATCH)));
  return exports;
}

}  // namespace

NODE_API_MODULE(antorcha_gloo, Init)
