"""Real guests: time from POST to ACTIVE and to the guest's marker on its serial console, and how many
tiny guests this node holds running at once.

Starts its own node (scratch database and broker; the APIs, conductor, scheduler, the image API with
the test guest from ops/guest-image.sh, and the real nova-compute on this machine's libvirtd) and
boots the test guest with a 128 MB flavor. Phase 1 boots a few guests one at a time; phase 2 adds
guests in waves until one fails to reach its marker in time or --max are running. Asserts nothing.

    .venv/bin/python bench/guest_boot.py [--samples 3 --max 24 --wave 4]
"""
import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from node import ROOT, Node, wait_for

HEADERS = {"X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute 2.96", "Content-Type": "application/json"}
INSTANCES = ROOT / "var" / "bench" / "var" / "instances"


class Cloud:
    def __init__(self, node: Node):
        self.compute = f"http://127.0.0.1:{node.ports['compute']}/v2.1"
        self.image_api = f"http://127.0.0.1:{node.ports['image']}"
        self.session = requests.Session()
        self.session.headers.update(HEADERS)
        self.marker = "XCOMPUTE-GUEST-READY"

    def image(self) -> str:
        images = self.session.get(f"{self.image_api}/v2/images?name=xcompute-guest", timeout=10).json()["images"]
        return images[0]["id"]

    def flavor(self) -> str:
        response = self.session.post(f"{self.compute}/flavors", json={"flavor": {
            "name": "bench.tiny", "ram": 128, "vcpus": 1, "disk": 1, "id": "bench-tiny"}}, timeout=10)
        assert response.status_code in (200, 409), response.text
        return "bench-tiny"

    def boot(self, image, flavor, name) -> tuple[str, float]:
        started = time.perf_counter()
        response = self.session.post(f"{self.compute}/servers", timeout=60, json={"server": {
            "name": name, "flavorRef": flavor, "imageRef": image, "networks": "none"}})
        assert response.status_code == 202, response.text
        return response.json()["server"]["id"], started

    def status(self, server_id) -> str:
        return self.session.get(f"{self.compute}/servers/{server_id}", timeout=30).json()["server"]["status"]

    def marked(self, server_id) -> bool:
        console = INSTANCES / server_id / "console.log"
        return console.exists() and self.marker in console.read_text(errors="replace")

    def delete(self, server_id) -> None:
        self.session.delete(f"{self.compute}/servers/{server_id}", timeout=30)
        wait_for(lambda: self.session.get(f"{self.compute}/servers/{server_id}", timeout=30).status_code == 404,
                 f"{server_id} deleted", timeout=300)


def watch(cloud, server_id, started, timeout=300) -> tuple[float, float]:
    """Seconds from POST to ACTIVE and to the marker."""
    wait_for(lambda: cloud.status(server_id) in ("ACTIVE", "ERROR"), f"{server_id} to settle", timeout=timeout,
             interval=0.1)
    if cloud.status(server_id) == "ERROR":
        raise RuntimeError(f"{server_id} went to ERROR")
    active = time.perf_counter() - started
    wait_for(lambda: cloud.marked(server_id), f"{server_id}'s marker", timeout=timeout, interval=0.1)
    return active, time.perf_counter() - started


def single_boots(cloud, image, flavor, samples):
    results = []
    for index in range(samples):
        server_id, started = cloud.boot(image, flavor, f"single-{index}")
        results.append(watch(cloud, server_id, started))
        cloud.delete(server_id)
    actives, markers = [r[0] for r in results], [r[1] for r in results]
    print(f"one guest at a time (x{samples}): POST -> ACTIVE median {statistics.median(actives):.1f} s "
          f"(min {min(actives):.1f}, max {max(actives):.1f}); POST -> marker median {statistics.median(markers):.1f} s "
          f"(min {min(markers):.1f}, max {max(markers):.1f})")


def capacity(cloud, image, flavor, maximum, wave):
    running = []
    try:
        with ThreadPoolExecutor(wave) as pool:
            while len(running) < maximum:
                batch = [cloud.boot(image, flavor, f"cap-{len(running) + i}") for i in range(min(wave, maximum -
                                                                                             len(running)))]
                try:
                    timings = list(pool.map(lambda b: watch(cloud, *b, timeout=240), batch))
                except RuntimeError as exc:
                    running.extend(server_id for server_id, _ in batch)
                    print(f"stopped adding guests: {exc}")
                    break
                running.extend(server_id for server_id, _ in batch)
                all_marked = all(cloud.marked(server_id) for server_id in running)
                print(f"  {len(running)} guests running (all marked: {all_marked}); this wave's POST -> marker "
                      f"max {max(t[1] for t in timings):.1f} s; {_memory()}")
        print(f"this node held {sum(cloud.marked(s) for s in running)} tiny guests (128 MB, 1 vCPU) running at once"
              f"{' (the --max asked for)' if len(running) >= maximum else ''}")
    finally:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(cloud.delete, running))


def _memory() -> str:
    fields = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    available = int(fields["MemAvailable"].split()[0]) // 1024
    load = Path("/proc/loadavg").read_text().split()[0]
    return f"host memory available {available} MB, load {load}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--max", type=int, default=24)
    parser.add_argument("--wave", type=int, default=4)
    parser.add_argument("--database", default="xcompute_bench_guest")
    parser.add_argument("--broker-db", type=int, default=14)
    args = parser.parse_args()
    # Enough VCPU in Placement for --max one-vCPU guests on two cores (the question is what the
    # machine holds, not what the default ratio admits).
    node = Node(args.database, args.broker_db, 0, {"XCOMPUTE_CPU_ALLOCATION_RATIO": "32.0"}, name="guest",
                real_host=True)
    node.start_all()
    cloud = Cloud(node)
    try:
        wait_for(lambda: cloud.session.get(f"{cloud.compute}/os-hypervisors", timeout=10).json()["hypervisors"],
                 "the real host to register")
        image, flavor = cloud.image(), cloud.flavor()
        single_boots(cloud, image, flavor, args.samples)
        capacity(cloud, image, flavor, args.max, args.wave)
    finally:
        node.stop()


if __name__ == "__main__":
    main()
