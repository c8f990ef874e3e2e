#!/usr/bin/env bash
# A single-node Slurm on this machine for the Slurm tests (tests/training/test_distributed_slurm.py):
# installs Debian's slurm-wlm and munge when missing, writes a slurm.conf for this host (no cgroups:
# proctrack/linuxproc, task/none, so it runs in a container), starts munged, slurmctld and slurmd, and waits
# until `sinfo` shows the node idle. Needs root. Exits non-zero, saying why, when Slurm cannot start;
# .ci/run carries on without it (the Slurm test then skips with the reason).
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive
say() { echo "slurm.sh: $*"; }
if [ "$(id -u)" != 0 ]; then say "not root: cannot install or start Slurm"; exit 1; fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
        || ! command -v sbatch >/dev/null; then
    say "installing slurm-wlm, munge (apt-get)"
    apt-get update -qq >/dev/null && apt-get install -y -qq slurm-wlm slurm-client slurmd slurmctld munge >/dev/null \
        || { say "apt-get could not install slurm-wlm/munge"; exit 1; }
fi

HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
CONF=/etc/slurm/slurm.conf
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge /var/lib/munge /var/log/munge
chown -R munge:munge /run/munge /var/lib/munge /var/log/munge /etc/munge 2>/dev/null || true
cat >"$CONF" <<CONF
# written by .ci/slurm.sh: one node, no cgroups (containers)
ClusterName=glacierdl-ci
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
MpiDefault=none
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
rm -f /etc/slurm/cgroup.conf  # autodetect; only where no cgroup file system is mounted is it disabled below

if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
    chown munge:munge /etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key
fi
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged --force \
    || /usr/sbin/munged --force || { say "munged did not start"; exit 1; }
pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld || { say "slurmctld did not start: $(tail -3 /var/log/slurm/slurmctld.log 2>/dev/null)"; exit 1; }
start_slurmd() { pgrep -x slurmd >/dev/null || /usr/sbin/slurmd; }
if ! start_slurmd; then  # Slurm >= 23.02 runs without cgroups when told so
    printf 'CgroupPlugin=disabled\n' >/etc/slurm/cgroup.conf
    start_slurmd || { say "slurmd did not start: $(tail -3 /var/log/slurm/slurmd.log 2>/dev/null)"; exit 1; }
fi

for _ in $(seq 60); do
    state=$(sinfo -h -N -o %T 2>/dev/null | head -1)
    case "$state" in
        idle*|mixed*|allocated*) say "node $HOST is $state"; exit 0 ;;
        down*|drain*) scontrol update nodename="$HOST" state=resume 2>/dev/null ;;
    esac
    sleep 1
done
say "the node did not become idle (sinfo: ${state:-no answer}); logs in /var/log/slurm"
exit 1
