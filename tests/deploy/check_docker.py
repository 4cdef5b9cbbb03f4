#!/usr/bin/python3
"""Checks deploy/docker/ without a Docker engine.

  check_docker.py --root REPO [--build-dir DIR] [--configure] [--self-test]

1. Every COPY from the build context names a file or folder that exists and
   that Dockerfile.dockerignore lets through; every COPY --from=<stage> names a
   path that a RUN of that stage creates.
2. build-packages.txt is HOPTAC_APT_PACKAGES (scripts/lib/common.sh) less the
   packages its `# excluded:` line names, and every listed package exists in
   that array.
3. With --build-dir: every service binary the image builds (services/<name>/
   with a CMakeLists.txt that defines hoptac-<name>) is built there, and the
   packages that provide the shared libraries `ldd` lists for them (dpkg -S)
   are exactly runtime-packages.txt.
4. With --configure: the build stage's CMake configure step, run on a copy of
   exactly what the build stage copies (so a CMakeLists.txt that reads a file
   the image does not copy fails here, not in the image build).
Prints one line per problem and exits 1 if there is any. --self-test breaks a
copy of deploy/docker in each of those ways and fails unless every one is caught.
"""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

problems = []
quiet = False  # the self-test's runs on broken copies print nothing


def problem(message):
    problems.append(message)
    if not quiet:
        print(f"check_docker: {message}", file=sys.stderr)


def read_package_list(path):
    """Package names of a list file (comments and blank lines dropped) and the `excluded:` line."""
    packages, excluded = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#\s*excluded:(.*)", line)
            if m:
                excluded += m.group(1).split()
            line = line.split("#", 1)[0].strip()
            if line:
                packages.append(line)
    return packages, excluded


def dockerfile_instructions(path):
    """(stage, instruction, arguments) for each instruction, continuation lines joined."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    logical, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") and not current:
            continue
        if line.rstrip().endswith("\\"):
            current += line.rstrip()[:-1] + " "
            continue
        current += line
        if current.strip():
            logical.append(current.strip())
        current = ""
    stage, result = None, []
    for line in logical:
        word, _, rest = line.partition(" ")
        word = word.upper()
        if word == "FROM":
            m = re.search(r"\bAS\s+(\S+)", rest, re.IGNORECASE)
            stage = m.group(1) if m else None
        result.append((stage, word, rest.strip()))
    return result


def dockerignore_allows(patterns, relative):
    """Evaluates the ignore patterns the way Docker does for the simple forms used here."""
    allowed = True
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern[1:] if negate else pattern
        body = body.rstrip("/")
        matches = body == "*" or relative == body or relative.startswith(body + "/")
        if matches:
            allowed = negate
    return allowed


def check_dockerfile(root):
    dockerfile = os.path.join(root, "deploy/docker/Dockerfile")
    ignore_file = dockerfile + ".dockerignore"
    patterns = []
    if os.path.exists(ignore_file):
        with open(ignore_file, encoding="utf-8") as f:
            patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    instructions = dockerfile_instructions(dockerfile)
    runs_by_stage = {}
    for stage, word, rest in instructions:
        if word == "RUN":
            runs_by_stage.setdefault(stage, []).append(rest)
    copies = 0
    for stage, word, rest in instructions:
        if word not in ("COPY", "ADD"):
            continue
        if word == "ADD":
            problem("ADD is not used here (it can download): use COPY")
            continue
        args = shlex.split(rest)
        options = [a for a in args if a.startswith("--")]
        paths = [a for a in args if not a.startswith("--")]
        sources = paths[:-1]
        from_stage = next((o.split("=", 1)[1] for o in options if o.startswith("--from=")), None)
        for source in sources:
            copies += 1
            if from_stage:
                if from_stage not in runs_by_stage:
                    problem(f"COPY --from={from_stage} {source}: no stage {from_stage} with a RUN")
                elif not any(source.rstrip("/") in run for run in runs_by_stage[from_stage]):
                    problem(f"COPY --from={from_stage} {source}: no RUN of that stage creates it")
                continue
            relative = source.rstrip("/")
            if not os.path.exists(os.path.join(root, relative)):
                problem(f"COPY {source}: {relative} does not exist in the repository")
            elif patterns and not dockerignore_allows(patterns, relative):
                problem(f"COPY {source}: excluded by Dockerfile.dockerignore")
    if copies == 0:
        problem("the Dockerfile copies nothing")
    stages = [rest for _, word, rest in instructions if word == "FROM"]
    for line in stages:
        image = line.split()[0]
        if image.endswith(":latest") or (":" not in image and not image.startswith("$")):
            problem(f"FROM {image}: pin the base image tag")
    if not any(word == "USER" and re.match(r"\d+(:\d+)?$", rest) and not rest.startswith("0")
               for stage, word, rest in instructions if stage == "runtime"):
        problem("the runtime stage must end as a numeric non-root USER")


def apt_packages_of_common_sh(root):
    with open(os.path.join(root, "scripts/lib/common.sh"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"HOPTAC_APT_PACKAGES=\((.*?)\)", text, re.DOTALL)
    if not m:
        problem("scripts/lib/common.sh has no HOPTAC_APT_PACKAGES=( ... )")
        return []
    body = "\n".join(line.split("#", 1)[0] for line in m.group(1).splitlines())
    return body.split()


def check_build_packages(root):
    build, excluded = read_package_list(os.path.join(root, "deploy/docker/build-packages.txt"))
    apt = apt_packages_of_common_sh(root)
    for package in build:
        if package not in apt:
            problem(f"build-packages.txt: {package} is not in HOPTAC_APT_PACKAGES (common.sh)")
    for package in apt:
        if package not in build and package not in excluded:
            problem(f"build-packages.txt: {package} of HOPTAC_APT_PACKAGES is neither "
                    "installed nor on the `# excluded:` line")
    for package in excluded:
        if package in build:
            problem(f"build-packages.txt: {package} is both installed and excluded")


def service_binaries(root):
    """hoptac-<name> for every services/<name>/CMakeLists.txt that defines it."""
    names = []
    services = os.path.join(root, "services")
    for name in sorted(os.listdir(services)):
        cmake = os.path.join(services, name, "CMakeLists.txt")
        if name == "common" or not os.path.isfile(cmake):
            continue
        with open(cmake, encoding="utf-8") as f:
            if re.search(rf"add_executable\(\s*hoptac-{re.escape(name)}\b", f.read()):
                names.append(name)
    return names


def packages_of(paths):
    """{path: Debian package} for the files in `paths` (one dpkg -S per round)."""
    found = {}

    def ask(candidates):  # candidate -> original path
        if not candidates:
            return
        out = subprocess.run(["dpkg", "-S", *candidates], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            package, _, file = line.partition(": ")
            for candidate in file.split(", "):
                if candidate in candidates:
                    found.setdefault(candidates[candidate], package.split(":")[0].strip())

    ask({os.path.realpath(p): p for p in paths})
    # usrmerge: dpkg may know /lib/... for /usr/lib/... and the other way round
    rest = {}
    for p in paths:
        if p in found:
            continue
        for candidate in (p, os.path.realpath(p)):
            rest[candidate[4:] if candidate.startswith("/usr/lib/") else "/usr" + candidate] = p
            rest[candidate] = p
    ask(rest)
    return found


def check_runtime_packages(root, build_dir):
    runtime, _ = read_package_list(os.path.join(root, "deploy/docker/runtime-packages.txt"))
    needed = {}     # package -> binaries
    libraries = {}  # library path -> binaries
    for name in service_binaries(root):
        binary = os.path.join(build_dir, "services", name, f"hoptac-{name}")
        if not os.access(binary, os.X_OK):
            problem(f"{binary} is not built: the image builds it, so the check needs it")
            continue
        out = subprocess.run(["ldd", binary], capture_output=True, text=True)
        if out.returncode != 0:
            problem(f"ldd {binary} failed: {out.stderr.strip()}")
            continue
        for line in out.stdout.splitlines():
            m = re.match(r"\s*(\S+)\s+=>\s+(\S+)", line)
            if not m:
                continue
            if m.group(2) == "not":
                problem(f"{binary}: {m.group(1)} not found")
                continue
            libraries.setdefault(m.group(2), set()).add(f"hoptac-{name}")
    owners = packages_of(sorted(libraries))
    for library, users in sorted(libraries.items()):
        if library not in owners:
            problem(f"{library} (loaded by {', '.join(sorted(users))}) belongs to no Debian package")
            continue
        needed.setdefault(owners[library], set()).update(users)
    for package, users in sorted(needed.items()):
        if package not in runtime:
            problem(f"runtime-packages.txt lacks {package} (needed by {', '.join(sorted(users))})")
    for package in runtime:
        if needed and package not in needed:
            problem(f"runtime-packages.txt: {package} provides no library the binaries load")


def check_configure(root):
    """Runs the build stage's `cmake -S . -B build …` on a copy of its COPY sources."""
    instructions = dockerfile_instructions(os.path.join(root, "deploy/docker/Dockerfile"))
    configure = None
    with tempfile.TemporaryDirectory(prefix="hoptac-image-build-") as work:
        for stage, word, rest in instructions:
            if stage != "build":
                continue
            if word == "COPY" and "--from" not in rest:
                *sources, destination = shlex.split(rest)
                for source in sources:
                    if source.startswith("deploy/docker/"):
                        continue  # package lists, used by apt only
                    src = os.path.join(root, source.rstrip("/"))
                    dst = os.path.join(work, source.rstrip("/"))
                    if os.path.isdir(src):
                        shutil.copytree(src, dst, symlinks=True)
                    elif os.path.exists(src):
                        shutil.copy(src, dst)
            if word == "RUN" and configure is None:
                m = re.search(r"(cmake -S \. -B build .*?)(?:&&|$)", rest)
                if m:
                    configure = m.group(1).replace("${HOPTAC_VERSION}", "check")
        if configure is None:
            problem("the build stage has no `cmake -S . -B build` step")
            return
        out = subprocess.run(shlex.split(configure), cwd=work, capture_output=True, text=True)
        if out.returncode != 0:
            tail = "\n".join((out.stdout + out.stderr).strip().splitlines()[-15:])
            problem(f"the build stage's configure fails on what the image copies:\n{tail}")


def run_checks(root, build_dir, configure=False):
    problems.clear()
    check_dockerfile(root)
    check_build_packages(root)
    if build_dir:
        check_runtime_packages(root, build_dir)
    if configure:
        check_configure(root)
    return list(problems)


def self_test(root, build_dir, configure):
    """Each breakage of a copy of deploy/docker must add a problem naming it."""
    def edit(name, old, new):
        def apply(docker):
            path = os.path.join(docker, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            assert old in text, f"{old!r} not in {name}"
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(old, new, 1))
        return apply

    cases = [
        ("a copied file that does not exist", "nowhere",
         edit("Dockerfile", "COPY cmake/ cmake/", "COPY cmake/ cmake/\nCOPY nowhere/ /nowhere/")),
        ("a copied file the .dockerignore drops", "excluded by Dockerfile.dockerignore",
         edit("Dockerfile.dockerignore", "!cmake/\n", "")),
        ("a binary no build stage makes", "no RUN of that stage creates it",
         edit("Dockerfile", "COPY --from=build /out/bin/", "COPY --from=build /opt/bin/")),
        ("an unpinned base image", "pin the base image tag",
         edit("Dockerfile", "ARG DEBIAN_IMAGE=debian:bookworm-slim", "ARG DEBIAN_IMAGE=debian:bookworm-slim\nFROM debian AS extra")),
        ("a root runtime user", "non-root USER", edit("Dockerfile", "USER 10001:10001", "USER 0")),
        ("a build package common.sh lacks", "not in HOPTAC_APT_PACKAGES",
         edit("build-packages.txt", "\ncmake\n", "\ncmake\nvim\n")),
        ("a build package dropped", "neither installed nor on the `# excluded:` line",
         edit("build-packages.txt", "\nlibicu-dev\n", "\n")),
    ]
    if build_dir:
        cases += [
            ("a runtime library missing", "runtime-packages.txt lacks libssl3",
             edit("runtime-packages.txt", "\nlibssl3\n", "\n")),
            ("a runtime package nothing loads", "provides no library",
             edit("runtime-packages.txt", "\nzlib1g\n", "\nzlib1g\nlibxml2\n")),
        ]
    global quiet
    quiet = True
    if configure:
        cases.append(("a source folder the build needs, not copied", "configure fails",
                      edit("Dockerfile", "COPY protos/ protos/\n", "")))
    baseline = set(run_checks(root, build_dir, configure))
    failures, caught = [], 0
    for what, expect, breakage in cases:
        with tempfile.TemporaryDirectory(prefix="hoptac-docker-") as copy:
            for entry in os.listdir(root):
                if entry != "deploy":
                    os.symlink(os.path.join(root, entry), os.path.join(copy, entry))
            os.makedirs(os.path.join(copy, "deploy"))
            shutil.copytree(os.path.join(root, "deploy/docker"), os.path.join(copy, "deploy/docker"))
            breakage(os.path.join(copy, "deploy/docker"))
            # configure (seconds) only for the case about it
            found = [p for p in run_checks(copy, build_dir, "configure" in expect)
                     if p not in baseline]
        if any(expect in p for p in found):
            caught += 1
            print(f"caught: {what}")
        else:
            failures.append(f"not caught: {what} (expected {expect!r}; got {found or 'nothing'})")
    quiet = False
    problems.clear()
    for f in failures:
        problem(f)
    print(f"check_docker: {caught} broken copies caught")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--build-dir")
    parser.add_argument("--configure", action="store_true")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    if args.self_test:
        return self_test(root, args.build_dir, args.configure)
    check_dockerfile(root)
    check_build_packages(root)
    if args.build_dir:
        check_runtime_packages(root, args.build_dir)
    if args.configure:
        check_configure(root)
    if problems:
        print(f"check_docker: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check_docker: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
