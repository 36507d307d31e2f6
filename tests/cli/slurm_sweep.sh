#!/usr/bin/env bash
# The README's Slurm array job on a real single-node cluster, started here: munged, slurmctld and
# slurmd in the background as root (no systemd), on free ports at 127.0.0.1. A sweep runs as three
# array tasks and a merge (examples/slurm/submit.sh); the merged results must equal the same sweep
# run in one go. Every daemon is stopped by its PID at the end, whatever happens.
#   slurm_sweep.sh COLCOMB_BINARY SOURCE_DIR
set -euo pipefail
colcomb=$(realpath "$1")
source_dir=$(realpath "$2")

fail() { echo "slurm_sweep: FAIL: $*" >&2; exit 1; }
for tool in munged slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$tool" >/dev/null ||
    fail "$tool is not installed: the test needs Debian's slurmctld, slurmd, slurm-client and munge (scripts/setup.sh --tests installs them)"
done
[ "$(id -u)" -eq 0 ] || fail "the daemons start as root (slurmd runs jobs as their user): run the tests as root"

umask 022
work=$(mktemp -d /tmp/colcomb-slurm.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# munge: its key folder 0700, its socket folder 0755.
mkdir -p "$work/munge/etc" "$work/munge/run" "$work/munge/log" "$work/munge/lib"
chmod 0700 "$work/munge/etc" "$work/munge/lib"
chmod 0755 "$work/munge/run"
dd if=/dev/urandom of="$work/munge/etc/munge.key" bs=1024 count=1 status=none
chmod 0400 "$work/munge/etc/munge.key"
socket="$work/munge/run/munge.socket"
munged --force --key-file="$work/munge/etc/munge.key" --socket="$socket" --pid-file="$work/munge/run/munged.pid" \
  --log-file="$work/munge/log/munged.log" --seed-file="$work/munge/lib/munged.seed" ||
  fail "munged did not start: $(cat "$work/munge/log/munged.log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$work/munge/run/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$work/munge/run/munged.pid")")

node=$(hostname -s)
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
mkdir -p "$work/slurm/state" "$work/slurm/spool" "$work/slurm/log"
cat >"$work/slurm/slurm.conf" <<EOF
ClusterName=colcomb-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/log/slurmctld.log
SlurmdLogFile=$work/slurm/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$work/slurm/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" >"$work/slurm/log/slurmctld.out" 2>&1 &
pids+=("$!")
slurmd -D -f "$SLURM_CONF" -N "$node" >"$work/slurm/log/slurmd.out" 2>&1 &
pids+=("$!")
logs() { tail -n 20 "$work"/slurm/log/* 2>/dev/null; }
ready=""
for _ in $(seq 120); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true)
  if [ "$state" = "idle" ]; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || fail "the node did not become idle (state '${state:-none}'): $(logs)"

# The sweep: a packing sweep of 12 points over a generated layer, in 3 shards.
cd "$work"
"$colcomb" generate --rows 96 --cols 128 --density 0.15 --seed 3 -o layer.npy >/dev/null
cat >sweep.json <<'EOF'
{"input": "layer.npy", "grid": {"alpha": [1, 2, 4, 8], "gamma": [0, 0.5, 1]}}
EOF
"$colcomb" sweep --spec sweep.json --out whole.jsonl --no-cache >/dev/null
export COLCOMB="$colcomb"
"$source_dir/examples/slurm/submit.sh" sweep.json "$work/cluster" 3 --wait || fail "the merge job failed: $(cat "$work"/cluster/*.out 2>/dev/null) $(logs)"
[ -f "$work/cluster/results.jsonl" ] || fail "no merged results: $(cat "$work"/cluster/*.out 2>/dev/null)"
for i in 0 1 2; do [ -s "$work/cluster/shard-$i.jsonl" ] || fail "shard $i wrote nothing"; done
cmp -s whole.jsonl "$work/cluster/results.jsonl" || fail "the merged results differ from the unsharded sweep: $(diff whole.jsonl "$work/cluster/results.jsonl" | head -5)"
echo "slurm_sweep: 3 array tasks and the merge ran on a single-node Slurm cluster; the merged results equal the unsharded sweep ($(wc -l <whole.jsonl) points)"
