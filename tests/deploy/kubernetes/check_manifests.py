#!/usr/bin/env python3
"""Offline check of deploy/kubernetes/ (no cluster, no kubectl): the fields
each kind needs, their types, and that the manifests agree with each other
and with the real server, whose flags are read from the installed program's
--help.

usage: check_manifests.py MANIFEST_DIR SERVER_BINARY PROJECT_VERSION ROOTFS_SCRIPT

What it checks:
  - kustomization.yaml lists exactly the other YAML files; each document has
    apiVersion, kind and metadata.name, and the fields its kind needs
    (Deployment, Service, HorizontalPodAutoscaler, ConfigMap,
    PersistentVolumeClaim) with the right types;
  - every flag in the ConfigMap's flagfile and the container's args is a
    flag of policy-reader-server (its --help), and --flagfile names the
    mounted ConfigMap key;
  - --listen / --http_listen listen on all addresses with the ports the
    container declares as grpc / http; the Services' targetPorts name those;
    the Services' selectors and the HPA's target match the Deployment;
  - the probes are gRPC probes (grpc.health.v1) on the gRPC port, for the
    server's whole health ("") or its service name;
  - terminationGracePeriodSeconds covers the preStop wait plus --grace_s;
  - --library is the read-only mount of the library claim, which exists;
  - resources: requests within limits, --workers not above the CPU limit;
  - non-root with the image's UID (deploy/container's rootfs script), and
    the image tag is the project version.
"""
import os
import re
import subprocess
import sys

import yaml

failures = []


def fail(message):
    failures.append(message)


def need(obj, path, kind, where):
    """obj at the dotted path, of the given Python type, or a failure."""
    value = obj
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            fail(f"{where}: missing {path}")
            return None
        value = value[part]
    if kind is not None and not isinstance(value, kind):
        fail(f"{where}: {path} is {type(value).__name__}, "
             f"expected {kind.__name__ if isinstance(kind, type) else kind}")
        return None
    return value


def quantity(text, where):
    """Kubernetes quantities: 500m, 2, 192Mi, 1Gi -> a float."""
    units = {"m": 1e-3, "": 1, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30,
             "k": 1e3, "M": 1e6, "G": 1e9}
    match = re.fullmatch(r"([0-9.]+)(m|Ki|Mi|Gi|k|M|G|)", str(text))
    if not match:
        fail(f"{where}: {text!r} is not a quantity")
        return 0
    return float(match.group(1)) * units[match.group(2)]


def server_flags(binary):
    out = subprocess.run([binary, "--help"], capture_output=True, text=True,
                         timeout=30)
    text = out.stdout + out.stderr
    flags = set(re.findall(r"^\s+--([a-z_]+) \(", text, re.M))
    # Abseil's own flags, which every program takes.
    flags |= {"flagfile", "fromenv", "tryfromenv", "undefok"}
    if "listen" not in flags or "grace_s" not in flags:
        fail(f"{binary} --help lists no --listen/--grace_s:\n{text}")
    return flags


def parse_flags(lines, where, known):
    flags = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"--([a-z_]+)=(.*)", line)
        if not match:
            fail(f"{where}: {line!r} is not --flag=value")
            continue
        name, value = match.groups()
        if name not in known:
            fail(f"{where}: --{name} is not a flag of policy-reader-server")
        flags[name] = value
    return flags


def port_of(address, where):
    host, _, port = address.rpartition(":")
    if host not in ("0.0.0.0", "[::]"):
        fail(f"{where}: {address!r} is not on all addresses; probes and "
             f"Services could not reach it")
    return int(port) if port.isdigit() else None


def main():
    manifest_dir, binary, version, rootfs_script = sys.argv[1:5]
    known = server_flags(binary)

    kustomization = yaml.safe_load(
        open(os.path.join(manifest_dir, "kustomization.yaml")))
    listed = set(need(kustomization, "resources", list, "kustomization") or [])
    present = {f for f in os.listdir(manifest_dir)
               if f.endswith(".yaml") and f != "kustomization.yaml"}
    if listed != present:
        fail(f"kustomization resources {sorted(listed)} != files "
             f"{sorted(present)}")

    objects = {}
    for name in sorted(present):
        for doc in yaml.safe_load_all(open(os.path.join(manifest_dir, name))):
            where = name
            for field in ("apiVersion", "kind", "metadata.name"):
                need(doc, field, str, where)
            key = (doc.get("kind"), doc.get("metadata", {}).get("name"))
            if key in objects:
                fail(f"{where}: {key} defined twice")
            objects[key] = doc

    def one(kind):
        found = [doc for (k, _), doc in objects.items() if k == kind]
        if not found:
            fail(f"no {kind}")
        return found

    deployment = one("Deployment")[0]
    where = "Deployment"
    if deployment.get("apiVersion") != "apps/v1":
        fail(f"{where}: apiVersion {deployment.get('apiVersion')}")
    match_labels = need(deployment, "spec.selector.matchLabels", dict, where) or {}
    pod_labels = need(deployment, "spec.template.metadata.labels", dict, where) or {}
    if not match_labels or any(pod_labels.get(k) != v
                               for k, v in match_labels.items()):
        fail(f"{where}: selector {match_labels} does not match pod labels "
             f"{pod_labels}")
    pod = need(deployment, "spec.template.spec", dict, where) or {}
    containers = need(pod, "containers", list, where) or [{}]
    container = containers[0]
    need(container, "name", str, where)
    image = need(container, "image", str, where) or ""
    if not image.endswith(":" + version):
        fail(f"{where}: image {image!r} is not tagged {version}")

    ports = {p.get("name"): p.get("containerPort")
             for p in need(container, "ports", list, where) or []}
    for p in ports.values():
        if not isinstance(p, int):
            fail(f"{where}: containerPort {p!r} is not an integer")
    if set(ports) != {"grpc", "http"}:
        fail(f"{where}: container ports {sorted(ports)}, expected grpc, http")

    # The flags: args, then the flagfile they name in the mounted ConfigMap.
    args = need(container, "args", list, where) or []
    arg_flags = parse_flags(args, f"{where} args", known)
    flagfile = arg_flags.get("flagfile", "")
    mounts = {m.get("name"): m for m in need(container, "volumeMounts", list,
                                             where) or []}
    volumes = {v.get("name"): v for v in need(pod, "volumes", list, where) or []}
    flags = dict(arg_flags)
    config_found = False
    for name, mount in mounts.items():
        volume = volumes.get(name)
        if volume is None:
            fail(f"{where}: volumeMount {name} has no volume")
            continue
        if "configMap" in volume and flagfile.startswith(
                mount.get("mountPath", "") + "/"):
            key = flagfile[len(mount["mountPath"]) + 1:]
            config = objects.get(("ConfigMap", volume["configMap"].get("name")))
            data = (config or {}).get("data", {})
            if key not in data:
                fail(f"{where}: --flagfile {flagfile}: no key {key} in "
                     f"ConfigMap {volume['configMap'].get('name')}")
                continue
            config_found = True
            flags.update(parse_flags(data[key].splitlines(),
                                     f"ConfigMap {key}", known))
    if not config_found:
        fail(f"{where}: --flagfile {flagfile!r} is not a mounted ConfigMap key")

    grpc_port = port_of(flags.get("listen", ""), "--listen")
    http_port = port_of(flags.get("http_listen", ""), "--http_listen")
    if grpc_port != ports.get("grpc"):
        fail(f"--listen port {grpc_port} != containerPort grpc "
             f"{ports.get('grpc')}")
    if http_port != ports.get("http"):
        fail(f"--http_listen port {http_port} != containerPort http "
             f"{ports.get('http')}")

    for probe_name in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = need(container, probe_name, dict, where) or {}
        grpc = need(probe, "grpc", dict, f"{where} {probe_name}") or {}
        port = grpc.get("port")
        if port not in (grpc_port, "grpc"):
            fail(f"{where} {probe_name}: gRPC port {port} is not --listen's "
                 f"{grpc_port}")
        if grpc.get("service", "") not in ("", "policyreader.v1.PolicyReader"):
            fail(f"{where} {probe_name}: health service "
                 f"{grpc.get('service')!r} is not the server's")

    grace_s = int(flags.get("grace_s", "10"))
    termination = need(pod, "terminationGracePeriodSeconds", int, where) or 0
    command = need(container, "lifecycle.preStop.exec.command", list, where) or []
    pre_stop_s = 0
    if len(command) == 2 and command[0].endswith("/sleep") and command[1].isdigit():
        pre_stop_s = int(command[1])
    else:
        fail(f"{where}: preStop {command} is not a sleep")
    if termination < pre_stop_s + grace_s + 1:
        fail(f"{where}: terminationGracePeriodSeconds {termination} < preStop "
             f"{pre_stop_s} s + --grace_s {grace_s} s + 1: the drain is cut")

    library = flags.get("library", "")
    library_mounts = [m for n, m in mounts.items()
                      if m.get("mountPath") == library]
    if not library_mounts:
        fail(f"{where}: --library {library!r} is not a mounted volume")
    else:
        mount = library_mounts[0]
        if mount.get("readOnly") is not True:
            fail(f"{where}: the library mount is not readOnly")
        claim = (volumes.get(mount["name"], {}).get("persistentVolumeClaim")
                 or {}).get("claimName")
        pvc = objects.get(("PersistentVolumeClaim", claim))
        if pvc is None:
            fail(f"{where}: the library volume's claim {claim!r} is not defined")
        else:
            need(pvc, "spec.accessModes", list, "PersistentVolumeClaim")
            need(pvc, "spec.resources.requests.storage", str,
                 "PersistentVolumeClaim")

    resources = need(container, "resources", dict, where) or {}
    for resource in ("cpu", "memory"):
        request = need(resources, f"requests.{resource}", None, where)
        limit = need(resources, f"limits.{resource}", None, where)
        if request is not None and limit is not None and \
                quantity(request, where) > quantity(limit, where):
            fail(f"{where}: {resource} request {request} above limit {limit}")
    workers = int(flags.get("workers", "0"))
    cpu_limit = quantity(resources.get("limits", {}).get("cpu", "0"), where)
    if workers <= 0 or workers > max(1, cpu_limit):
        fail(f"--workers={workers}: set it to the CPU limit ({cpu_limit}); 0 "
             f"would count the node's cores")

    uid = (pod.get("securityContext") or {}).get("runAsUser")
    if (pod.get("securityContext") or {}).get("runAsNonRoot") is not True:
        fail(f"{where}: not runAsNonRoot")
    script = open(rootfs_script).read()
    if not re.search(rf"\b{uid}\b", script or ""):
        fail(f"{where}: runAsUser {uid} is not the UID {rootfs_script} makes")

    for service in one("Service"):
        where = f"Service {service['metadata']['name']}"
        selector = need(service, "spec.selector", dict, where) or {}
        if any(pod_labels.get(k) != v for k, v in selector.items()) or not selector:
            fail(f"{where}: selector {selector} does not select the pods")
        for port in need(service, "spec.ports", list, where) or []:
            need(port, "port", int, where)
            target = port.get("targetPort")
            if target not in ports and target not in ports.values():
                fail(f"{where}: targetPort {target!r} is not a container port")
    names = {s["metadata"]["name"] for s in one("Service")}
    targets = {p.get("targetPort") for s in one("Service")
               for p in s["spec"]["ports"]}
    if not {"grpc", "http"} <= targets or len(names) < 2:
        fail(f"expected one Service for grpc and one for http, got {targets}")

    for hpa in one("HorizontalPodAutoscaler"):
        where = "HorizontalPodAutoscaler"
        if hpa.get("apiVersion") != "autoscaling/v2":
            fail(f"{where}: apiVersion {hpa.get('apiVersion')}")
        ref = need(hpa, "spec.scaleTargetRef", dict, where) or {}
        if (ref.get("kind"), ref.get("name"), ref.get("apiVersion")) != (
                "Deployment", deployment["metadata"]["name"], "apps/v1"):
            fail(f"{where}: scaleTargetRef {ref} is not the Deployment")
        low = need(hpa, "spec.minReplicas", int, where) or 0
        high = need(hpa, "spec.maxReplicas", int, where) or 0
        if not 1 <= low <= high:
            fail(f"{where}: replicas {low}..{high}")
        metrics = need(hpa, "spec.metrics", list, where) or []
        if not any(m.get("resource", {}).get("name") == "cpu" for m in metrics):
            fail(f"{where}: no CPU metric")

    for failure in failures:
        print(failure)
    if failures:
        return 1
    print(f"{len(objects)} objects consistent with policy-reader-server's "
          f"{len(known)} flags")
    return 0


if __name__ == "__main__":
    sys.exit(main())
