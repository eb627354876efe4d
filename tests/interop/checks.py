"""Small reporting helpers shared by the interop check scripts.

Each check prints `PASS name` or `FAIL name: why`; run.sh counts those lines. A check whose
prerequisite failed is reported as a FAIL naming that prerequisite, never skipped silently.
"""
import argparse
import sys
import traceback


class Checks:
    def __init__(self, suite):
        self.suite = suite
        self.failed = 0
        self.failed_names = set()

    def ok(self, name):
        print(f"PASS {self.suite}/{name}", flush=True)

    def bad(self, name, why):
        self.failed += 1
        self.failed_names.add(name)
        why = " ".join(str(why).split())
        print(f"FAIL {self.suite}/{name}: {why[:600]}", flush=True)

    def check(self, name, cond, why):
        if cond:
            self.ok(name)
        else:
            self.bad(name, why)
        return cond

    def run(self, name, fn, *args, needs=()):
        """Runs fn(*args); an exception or a False/str result is a FAIL. Returns fn's result or None."""
        missing = [n for n in needs if n in self.failed_names]
        if missing:
            self.bad(name, f"not run: needs {', '.join(missing)}, which failed")
            return None
        try:
            res = fn(*args)
        except Exception as e:  # a check must report, whatever the client throws
            tb = traceback.format_exc().strip().splitlines()
            print("\n".join(tb[-6:]), file=sys.stderr)
            self.bad(name, f"{type(e).__name__}: {e}")
            return None
        if isinstance(res, str):
            self.bad(name, res)
            return None
        if res is False:
            self.bad(name, "check returned False")
            return None
        self.ok(name)
        return res

    def exit(self):
        sys.exit(1 if self.failed else 0)


def parser(doc):
    p = argparse.ArgumentParser(description=doc)
    p.add_argument("--bootstrap", required=True, help="HOST:PORT of the broker")
    return p
