"""`kt server-start` processes that a check kills, pauses and restarts itself (replication_check.py,
eos_check.py): each broker has a dir holding its server.properties, broker.log and logs/, as run.sh
lays them out (start_broker, cluster_start).
"""
import os
import signal
import socket
import subprocess
import time


def log(msg):
    print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)


def alive(pid):
    """True while pid runs. A process killed with kill -9 turns zombie in its leader thread while
    its other threads may still be exiting and holding its files (the log dirs' .lock among them,
    which a restart started then would find taken): it counts as alive until those are gone too.
    run.sh's own brokers are reaped by bash, the ones restarted here by Brokers."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                return True
        return len(os.listdir(f"/proc/{pid}/task")) > 1
    except (FileNotFoundError, ProcessLookupError):
        return False


class Brokers:
    """The brokers' processes by broker id (their index in dirs): kill, pause, restart and stop,
    with the current pids kept in pids_out for run.sh to stop whatever is left."""

    def __init__(self, kt, dirs, pids, pids_out):
        self.kt, self.dirs, self.pids_out = kt, list(dirs), pids_out
        self.pids = list(pids)
        self.children = {}  # pid -> Popen, for the ones restarted here (reaped here)
        self.ports = [self.listener_port(d) for d in self.dirs]
        self.save()

    @staticmethod
    def listener_port(d):
        with open(os.path.join(d, "server.properties")) as f:
            for line in f:
                if line.startswith("listeners="):
                    return int(line.split(",")[0].rsplit(":", 1)[1])
        raise RuntimeError(f"no listeners= in {d}/server.properties")

    def save(self):
        with open(self.pids_out, "w") as f:
            f.write(" ".join(str(x) for x in self.pids if x) + "\n")

    def kill(self, b, sig=signal.SIGKILL):
        pid = self.pids[b]
        os.kill(pid, sig)
        if sig == signal.SIGKILL:
            deadline = time.time() + 10
            while alive(pid) and time.time() < deadline:
                time.sleep(0.02)
            if pid in self.children:
                self.children.pop(pid).wait(timeout=10)
            self.pids[b] = 0
            self.save()

    def start(self, b):
        d = self.dirs[b]
        out = open(os.path.join(d, "broker.log"), "ab")
        proc = subprocess.Popen([self.kt, "server-start", os.path.join(d, "server.properties")],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        out.close()
        self.children[proc.pid] = proc
        self.pids[b] = proc.pid
        self.save()

    def serving(self, b):
        try:
            socket.create_connection(("127.0.0.1", self.ports[b]), timeout=0.5).close()
            return True
        except OSError:
            return False

    def wait_serving(self, b, limit=20):
        """Waits until broker b accepts connections; RuntimeError with the end of its log if it
        exits or does not within limit seconds."""
        deadline = time.time() + limit
        while not self.serving(b):
            pid = self.pids[b]
            if not alive(pid) or time.time() > deadline:
                with open(os.path.join(self.dirs[b], "broker.log"), "rb") as f:
                    tail = b"".join(f.readlines()[-20:]).decode(errors="replace")
                raise RuntimeError(f"the restarted broker {b} did not serve (running: {alive(pid)}); "
                                   f"the end of its log:\n{tail}")
            time.sleep(0.02)

    def stop(self, b, wait=30):
        """SIGTERM (a controlled shutdown), then SIGKILL after wait seconds."""
        pid = self.pids[b]
        if not pid:
            return
        os.kill(pid, signal.SIGCONT)
        os.kill(pid, signal.SIGTERM)
        deadline = time.time() + wait
        while alive(pid) and time.time() < deadline:
            time.sleep(0.05)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
            log(f"broker {b} (pid {pid}) still running {wait} s after SIGTERM: killed")
        if pid in self.children:
            self.children.pop(pid).wait(timeout=10)
        self.pids[b] = 0
        self.save()

    def stop_all(self, sig=signal.SIGTERM, wait=30):
        for b, pid in enumerate(self.pids):
            if pid:
                try:
                    os.kill(pid, signal.SIGCONT)
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
        deadline = time.time() + wait
        for b, pid in enumerate(self.pids):
            if not pid:
                continue
            while alive(pid) and time.time() < deadline:
                if pid in self.children:
                    try:
                        self.children[pid].wait(timeout=0.1)
                    except subprocess.TimeoutExpired:
                        pass
                else:
                    time.sleep(0.05)
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
                log(f"broker {b} (pid {pid}) still running {wait} s after SIG{sig.name[3:]}: killed")
            self.pids[b] = 0
        self.save()
