"""Runs a command in a pseudo-terminal and answers its prompts, as a clerk at a keyboard would.

usage: pty-drive.py '<json>'  where json = {"argv": [...], "env": {...}, "steps": [[wait_for, keys], ...]}
Prints {"code": exit code, "screen": everything the terminal showed} as JSON.
"""
import json, os, pty, select, sys, time

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ)
    env.update(spec.get("env", {}))
    os.execvpe(spec["argv"][0], spec["argv"], env)

screen = b""

def read_until(text, timeout=20.0):
    global screen
    deadline = time.time() + timeout
    while text.encode() not in screen:
        remaining = deadline - time.time()
        if remaining <= 0:
            raise SystemExit(json.dumps({"code": -1, "screen": screen.decode("utf-8", "replace"), "timeout": text}))
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk

for wait_for, keys in spec["steps"]:
    read_until(wait_for)
    time.sleep(0.05)
    os.write(fd, keys.encode())

while True:
    try:
        ready, _, _ = select.select([fd], [], [], 20)
        if not ready:
            break
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        screen += chunk
    except OSError:
        break
_, status = os.waitpid(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "screen": screen.decode("utf-8", "replace")}))
