"""Drives a Jupyter kernel with jupyter_client: runs each cell of argv[3] (a JSON list of code
strings) in kernel argv[1] started in folder argv[2], and prints one JSON list with, per cell,
its outputs: [{"type": "stream"|"display"|"result"|"error", "text"| "data": ...}].
Outputs that arrive after the cell finished (a figure rendered asynchronously) are collected
until the kernel has been quiet for a second."""
import json
import queue
import sys

from jupyter_client.manager import start_new_kernel

name, cwd, cells = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
km, kc = start_new_kernel(kernel_name=name, cwd=cwd, startup_timeout=120)
results = []
try:
    for code in cells:
        msg_id = kc.execute(code)
        outs = []
        idle = False
        while True:
            try:
                msg = kc.get_iopub_msg(timeout=1 if idle else 180)
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "stream":
                outs.append({"type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "update_display_data"):
                outs.append({"type": "display", "data": content["data"]})
            elif kind == "execute_result":
                outs.append({"type": "result", "data": content["data"]})
            elif kind == "error":
                outs.append({"type": "error", "text": content["ename"] + ": " + content["evalue"]})
        results.append(outs)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps(results))
