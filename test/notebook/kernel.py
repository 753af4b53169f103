"""Drives a Jupyter kernel with jupyter_client: runs each cell of argv[3] (a JSON list of code
strings) in kernel argv[1] started in folder argv[2], and prints one JSON list with, per cell,
its outputs: [{"type": "stream"|"display"|"result"|"error", "text"| "data": ...}].
Outputs that arrive after their cell finished (a figure rendered asynchronously) are filed
under that cell; the run ends when the kernel has been quiet for five seconds."""
import json
import queue
import sys

from jupyter_client.manager import start_new_kernel

name, cwd, cells = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
km, kc = start_new_kernel(kernel_name=name, cwd=cwd, startup_timeout=120)
by_cell = {}


def record(msg):
    """Files an iopub message under the cell (execute request) it belongs to."""
    outs = by_cell.get(msg["parent_header"].get("msg_id"))
    if outs is None:
        return None
    kind, content = msg["msg_type"], msg["content"]
    if kind == "stream":
        outs.append({"type": "stream", "name": content["name"], "text": content["text"]})
    elif kind in ("display_data", "update_display_data"):
        outs.append({"type": "display", "data": content["data"]})
    elif kind == "execute_result":
        outs.append({"type": "result", "data": content["data"]})
    elif kind == "error":
        outs.append({"type": "error", "text": content["ename"] + ": " + content["evalue"]})
    return kind, content


ids = []
try:
    for code in cells:
        msg_id = kc.execute(code)
        ids.append(msg_id)
        by_cell[msg_id] = []
        while True:  # until this cell is done
            msg = kc.get_iopub_msg(timeout=180)
            got = record(msg)
            done = got is not None and got[0] == "status" and got[1]["execution_state"] == "idle"
            if done and msg["parent_header"]["msg_id"] == msg_id:
                break
    while True:  # late output (figures rendered after their cell ended), filed under its cell
        try:
            record(kc.get_iopub_msg(timeout=5))
        except queue.Empty:
            break
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
print(json.dumps([by_cell[i] for i in ids]))
