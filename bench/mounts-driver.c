/*
 * bench/mounts-driver: times mount changes as two consumers see them, in one run.
 *
 * Run it inside a private mount namespace (bench/mounts does: unshare -m --propagation
 * private). It adds EXTRA tmpfs mounts to the table, starts both consumers with their stdout
 * on pipes, then, after W warm-up changes, makes K attaches and K detaches in turn (mount(2) and
 * umount2(2) of a tmpfs at DIR/t directly). For each change it takes CLOCK_MONOTONIC just before
 * the syscall and again when each consumer's line "mount DIR/t" / "umount DIR/t" arrives on its
 * pipe: the same measurement for both, interleaved change by change. CPU per change is each
 * consumer's run time over the measured changes (the sum of every thread's schedstat run time,
 * ns) divided by their number ("gross"), and the same less what the consumer burns when nothing
 * happens, measured for two seconds just before the measured changes, over the measured changes'
 * duration ("net"): a JVM's periodic threads cost CPU every second, which would otherwise be
 * charged to the changes the longer the other consumer makes each change take.
 *
 * REMOUNTS (environment, default 0) remounts of a tmpfs at DIR/r (read-only, then back, in turn)
 * follow, after REMOUNT_WARMUP unmeasured ones (the code that finds a remount runs only then),
 * timed and charged the same way.
 *
 * Consumer A alone, with B stopped (SIGSTOP) so that it neither answers nor takes CPU, first:
 * SOLO_WARMUP (default 0) unmeasured changes and half as many remounts (a JVM's code needs a
 * few hundred changes to be compiled, which a slow B, findmnt needs over a second per change at
 * 5,000 mounts, would otherwise make take many minutes), then ALONE (default 0) attaches, ALONE
 * detaches and ALONE remounts measured for A alone, so that a fast A gets enough samples for a
 * p99 where B is too slow to be measured that often. Then B is let go on, both are left to catch
 * up and what they printed is dropped.
 *
 * The driver itself stays on one CPU (the one it runs on once both consumers have started;
 * DRIVER_CPU=-1 in the environment leaves it free): it is woken by whichever consumer's line
 * comes last, and a driver free to move follows that consumer to its CPU, so at the next change
 * that consumer's thread finds its CPU taken and wakes on the other, with cold caches; measured
 * per change (schedstat, /proc/PID/task/TID/stat), that made it slower still, so the driver kept
 * following it: a feedback loop that turned a few microseconds' difference between the two into
 * migrations on 83 % of one consumer's changes (bench/README.md, "the driver's CPU"). A mount(2)
 * by any other program does not wait for the consumers' output; pinned, the driver no longer
 * couples the consumers' CPUs to their order, and each consumer keeps its CPU from change to
 * change.
 *
 * usage: mounts-driver EXTRA K W DIR SAMPLES READY LABEL_A LABEL_B -- CMD_A... -- CMD_B...
 * READY: two letters, one per consumer: 'r' = it prints a "ready ..." line when it watches and
 * then findmnt's words ("mount DIR/t", "umount DIR/t", "remount DIR/r"); 'p' = findmnt --poll:
 * the same words, but it prints nothing first, so wait until it sleeps in poll()/epoll_wait()
 * (its wchan); 'm' = `watchtray monitor`: it watches once it has printed its mount source's
 * status line ("... meta ... Mounts: <mechanism>"), and a change is its human line, matched by
 * the end of the line in English (LC_ALL=C.UTF-8): "... mounted at “DIR/t”", "... “DIR/t”
 * unmounted", "“DIR/r” (tmpfs bench-r) was remounted read-only", "“DIR/r” is writable again".
 * prints: "table N" then per consumer and kind "result LABEL|KIND[|alone] samples median_us p99_us
 * cpu_us_per_change net_cpu_us_per_change timeouts backend_cpu_us_per_change" (KIND: attach,
 * detach, remount; the last figure is the JVM's backend thread alone, which does all of a
 * change's work, -1 for findmnt); appends "LABEL|KIND[|alone] latency_ns" lines to SAMPLES. A
 * change whose line does not come within 20 s counts as 20 s (and as a timeout).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_NS (20LL * 1000 * 1000 * 1000)

struct consumer {
    const char *label;
    /** 'r', 'p' or 'm' (READY): 'm' prints watchtray monitor's human lines, the others findmnt's words. */
    char style;
    pid_t pid;
    int fd;
    char buf[1 << 16];
    size_t len;
    /** Latencies (ns) of the changes being measured, by kind (attach, detach, remount); a timeout counts as TIMEOUT_NS. */
    long long *lat[3];
    int n[3];
    int timeouts[3];
    long long cpu0, cpu1;
    /** The same for the backend thread alone (-1: the consumer has none). */
    long long bcpu0, bcpu1;
    /** Run time (ns) per second while nothing happens. */
    double idle_per_s;
};

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

static void spawn(struct consumer *c, char **argv) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) die("pipe2");
    c->pid = fork();
    if (c->pid < 0) die("fork");
    if (c->pid == 0) {
        dup2(p[1], 1);
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    close(p[1]);
    c->fd = p[0];
}

/* Sum of run time (ns) of every thread of pid. */
static long long cpu_ns(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char f[320];
        snprintf(f, sizeof f, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *s = fopen(f, "r");
        if (!s) continue;
        long long run = 0;
        if (fscanf(s, "%lld", &run) == 1) total += run;
        fclose(s);
    }
    closedir(d);
    return total;
}

/* Run time (ns) of pid's thread named comm (the JVM consumer's backend thread); -1 when it has none. */
static long long thread_cpu_ns(pid_t pid, const char *comm) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    long long found = -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char f[320], name[64] = "";
        snprintf(f, sizeof f, "/proc/%d/task/%s/comm", pid, e->d_name);
        FILE *c = fopen(f, "r");
        if (!c) continue;
        if (fgets(name, sizeof name, c)) name[strcspn(name, "\n")] = 0;
        fclose(c);
        if (strcmp(name, comm) != 0) continue;
        snprintf(f, sizeof f, "/proc/%d/task/%s/schedstat", pid, e->d_name);
        FILE *s = fopen(f, "r");
        if (s && fscanf(s, "%lld", &found) != 1) found = -1;
        if (s) fclose(s);
    }
    closedir(d);
    return found;
}

/* The JVM consumer's backend thread (EventLoop's "watchtray-backend", cut to 15 characters by the kernel). */
#define BACKEND_COMM "watchtray-backe"

/*
 * DIAG=FILE (environment): one line per measured change, to see where a late one's time went:
 * "KIND dcpu=N t0=NS | LABEL lat=US [THREAD run=US wait=US cpu=A->B]... | ..." with, per
 * consumer, each thread that ran or waited to run during the change (schedstat's run time and
 * run-queue wait before the syscall and after both lines came, the CPU it last ran on before and
 * after) and the driver's CPU; t0 is CLOCK_MONOTONIC (-Xlog's "timenanos" decorator uses the same
 * clock, so JIT and GC log lines can be put beside the changes).
 */
#define DIAG_THREADS 64
struct threads {
    int n;
    int tid[DIAG_THREADS];
    char name[DIAG_THREADS][32];
    long long run[DIAG_THREADS], wait[DIAG_THREADS];
    int cpu[DIAG_THREADS];
};
static FILE *diag;
static struct threads diag_before[2], diag_after[2];

/* The consumer's threads and their names (read once, when measuring starts). */
static void list_threads(pid_t pid, struct threads *t) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    t->n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && t->n < DIAG_THREADS) {
        if (e->d_name[0] == '.') continue;
        t->tid[t->n] = atoi(e->d_name);
        char f[320];
        snprintf(f, sizeof f, "/proc/%d/task/%s/comm", pid, e->d_name);
        FILE *c = fopen(f, "r");
        t->name[t->n][0] = 0;
        if (c) {
            if (fgets(t->name[t->n], sizeof t->name[t->n], c)) t->name[t->n][strcspn(t->name[t->n], "\n")] = 0;
            fclose(c);
        }
        t->n++;
    }
    if (d) closedir(d);
}

/* Each listed thread's schedstat (run, wait) and the CPU it last ran on (field 39 of stat). */
static void sample_threads(pid_t pid, struct threads *t) {
    for (int i = 0; i < t->n; i++) {
        char f[128], b[2048];
        t->run[i] = t->wait[i] = 0;
        t->cpu[i] = -1;
        snprintf(f, sizeof f, "/proc/%d/task/%d/schedstat", pid, t->tid[i]);
        FILE *s = fopen(f, "r");
        if (s) {
            if (fscanf(s, "%lld %lld", &t->run[i], &t->wait[i]) != 2) t->run[i] = t->wait[i] = 0;
            fclose(s);
        }
        snprintf(f, sizeof f, "/proc/%d/task/%d/stat", pid, t->tid[i]);
        s = fopen(f, "r");
        if (!s) continue;
        size_t k = fread(b, 1, sizeof b - 1, s);
        fclose(s);
        b[k] = 0;
        int field = 2;
        for (char *p = strrchr(b, ')'); p && *p; p++) {
            if (*p == ' ' && ++field == 39) {
                t->cpu[i] = atoi(p + 1);
                break;
            }
        }
    }
}

/* Whether line is the one wanted: findmnt's words exactly, or for the monitor ('m') a line ending in want. */
static int matches(const struct consumer *c, const char *line, size_t len, const char *want) {
    if (c->style != 'm') return strcmp(line, want) == 0;
    size_t n = strlen(want);
    return len >= n && memcmp(line + len - n, want, n) == 0;
}

/* Consumes complete lines from c's buffer; returns 1 if one is want. */
static int take_lines(struct consumer *c, const char *want) {
    int found = 0;
    char *start = c->buf;
    char *nl;
    while ((nl = memchr(start, '\n', c->len - (start - c->buf)))) {
        *nl = 0;
        if (matches(c, start, nl - start, want)) found = 1;
        start = nl + 1;
    }
    size_t rest = c->len - (start - c->buf);
    memmove(c->buf, start, rest);
    c->len = rest;
    return found;
}

/* Waits until each consumer printed its want[i] (or the deadline); fills arrival times (-1 = timeout). */
static void await_all(struct consumer *cs, int n, char want[][4200], long long deadline, long long *arrived) {
    int pending = n;
    for (int i = 0; i < n; i++) arrived[i] = -1;
    while (pending > 0) {
        struct pollfd p[2];
        for (int i = 0; i < n; i++) {
            p[i].fd = arrived[i] < 0 ? cs[i].fd : -1;
            p[i].events = POLLIN;
            p[i].revents = 0;
        }
        long long left = deadline - now_ns();
        if (left <= 0) return;
        int r = poll(p, n, (int) (left / 1000000) + 1);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) die("poll");
        for (int i = 0; i < n; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP))) continue;
            long long t = now_ns();
            ssize_t k = read(cs[i].fd, cs[i].buf + cs[i].len, sizeof cs[i].buf - 1 - cs[i].len);
            if (k <= 0) {
                fprintf(stderr, "%s: output closed\n", cs[i].label);
                exit(3);
            }
            cs[i].len += k;
            if (take_lines(&cs[i], want[i])) {
                arrived[i] = t;
                pending--;
            }
        }
    }
}

/* Waits for a line starting with "ready" from c, echoing it to stderr. */
static void await_ready(struct consumer *c) {
    long long deadline = now_ns() + 60LL * 1000000000LL;
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            *nl = 0;
            int ready = c->style == 'm' ? strstr(c->buf, " meta ") && strstr(c->buf, "Mounts: ") : strncmp(c->buf, "ready", 5) == 0;
            if (ready) {
                fprintf(stderr, "  %s: %s\n", c->label, c->style == 'm' ? strstr(c->buf, "Mounts: ") : c->buf + 6);
                size_t rest = c->len - (nl + 1 - c->buf);
                memmove(c->buf, nl + 1, rest);
                c->len = rest;
                return;
            }
            size_t rest = c->len - (nl + 1 - c->buf);
            memmove(c->buf, nl + 1, rest);
            c->len = rest;
            continue;
        }
        struct pollfd p = {c->fd, POLLIN, 0};
        long long left = deadline - now_ns();
        if (left <= 0) {
            fprintf(stderr, "%s: not ready within 60 s\n", c->label);
            exit(3);
        }
        if (poll(&p, 1, (int) (left / 1000000) + 1) <= 0) continue;
        ssize_t k = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
        if (k <= 0) {
            fprintf(stderr, "%s: exited before it was ready\n", c->label);
            exit(3);
        }
        c->len += k;
    }
}

/* Waits until pid sleeps in poll/epoll (it has read its initial table and is watching). */
static void await_polling(struct consumer *c) {
    char path[64], wchan[128];
    snprintf(path, sizeof path, "/proc/%d/wchan", c->pid);
    for (int tries = 0; tries < 6000; tries++) {
        FILE *f = fopen(path, "r");
        if (!f) break;
        size_t n = fread(wchan, 1, sizeof wchan - 1, f);
        fclose(f);
        wchan[n] = 0;
        if (strstr(wchan, "poll")) {
            fprintf(stderr, "  %s: waiting in %s\n", c->label, wchan);
            return;
        }
        usleep(10000);
    }
    fprintf(stderr, "%s: never waited in poll\n", c->label);
    exit(3);
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

/* Discards whatever c has printed so far (lines of changes made before the measurement). */
static void drain_output(struct consumer *c) {
    for (;;) {
        struct pollfd p = {c->fd, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)) break;
        ssize_t k = read(c->fd, c->buf, sizeof c->buf - 1);
        if (k <= 0) break;
    }
    c->len = 0;
}

enum kind { ATTACH, DETACH, REMOUNT };
static const char *kind_name[3] = {"attach", "detach", "remount"};

/* The change state: DIR/t mounted or not, DIR/r read-only or not; targets set by main. */
static int mounted, read_only;
static char target[4096], rtarget[4096];

/*
 * One change: the next mount or unmount of DIR/t in turn (remount = 0), or a remount of DIR/r
 * read-only or back in turn (remount = 1). Waits for the line of each of the first n consumers;
 * when measure, notes each one's latency under the change's kind. Then a quiet gap, so that each
 * change is its own wakeup.
 */
static void change(struct consumer *cs, int n, int remount, int measure) {
    char want[2][4200];
    int kind;
    long long t0;
    for (int j = 0; diag && measure && j < n; j++) {
        diag_before[j] = diag_after[j];
        sample_threads(cs[j].pid, &diag_before[j]);
    }
    int driver_cpu = diag && measure ? sched_getcpu() : -1;
    if (remount) {
        kind = REMOUNT;
        read_only = !read_only;
        for (int j = 0; j < n; j++) {
            if (cs[j].style != 'm') snprintf(want[j], sizeof want[j], "remount %s", rtarget);
            else if (read_only) snprintf(want[j], sizeof want[j], "“%s” (tmpfs bench-r) was remounted read-only", rtarget);
            else snprintf(want[j], sizeof want[j], "“%s” is writable again", rtarget);
        }
        t0 = now_ns();
        if (mount("bench-r", rtarget, "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0), "size=4k") < 0) die("remount");
    } else {
        kind = mounted ? DETACH : ATTACH;
        mounted = !mounted;
        for (int j = 0; j < n; j++) {
            if (cs[j].style != 'm') snprintf(want[j], sizeof want[j], "%s %s", kind == ATTACH ? "mount" : "umount", target);
            else if (kind == ATTACH) snprintf(want[j], sizeof want[j], "mounted at “%s”", target);
            else snprintf(want[j], sizeof want[j], "“%s” unmounted", target);
        }
        t0 = now_ns();
        if (kind == ATTACH ? mount("bench-t", target, "tmpfs", 0, "size=4k") : umount2(target, 0)) die(kind == ATTACH ? "mount" : "umount");
    }
    long long arrived[2];
    await_all(cs, n, want, t0 + TIMEOUT_NS, arrived);
    if (diag && measure) {
        fprintf(diag, "%s dcpu=%d t0=%lld", kind_name[kind], driver_cpu, t0);
        for (int j = 0; j < n; j++) {
            struct threads *a = &diag_after[j], *b = &diag_before[j];
            *a = *b;
            sample_threads(cs[j].pid, a);
            fprintf(diag, " | %s lat=%lld", cs[j].label, arrived[j] < 0 ? -1 : (arrived[j] - t0) / 1000);
            for (int i = 0; i < a->n; i++) {
                long long run = a->run[i] - b->run[i], wait = a->wait[i] - b->wait[i];
                if (run > 0 || wait > 0) fprintf(diag, " [%s run=%lld wait=%lld cpu=%d->%d]", a->name[i], run / 1000, wait / 1000, b->cpu[i], a->cpu[i]);
            }
        }
        fputc('\n', diag);
    }
    for (int j = 0; measure && j < n; j++) {
        /* A line that never came counts as the timeout: p99 is then "at least" that. */
        cs[j].lat[kind][cs[j].n[kind]++] = arrived[j] < 0 ? TIMEOUT_NS : arrived[j] - t0;
        cs[j].timeouts[kind] += arrived[j] < 0;
    }
    usleep(3000);
}

static void start_measuring(struct consumer *cs, int n, int idle) {
    if (idle) {
        /* Quiet first (a verification still due runs), then each consumer's idle CPU for 2 s. */
        usleep(500000);
        long long idle0[2], t_idle = now_ns();
        for (int j = 0; j < n; j++) idle0[j] = cpu_ns(cs[j].pid);
        usleep(2000000);
        double idle_s = (now_ns() - t_idle) / 1e9;
        for (int j = 0; j < n; j++) cs[j].idle_per_s = (cpu_ns(cs[j].pid) - idle0[j]) / idle_s;
    }
    for (int j = 0; j < n; j++) {
        if (diag) list_threads(cs[j].pid, &diag_after[j]);
        for (int k = 0; k < 3; k++) cs[j].n[k] = cs[j].timeouts[k] = 0;
        cs[j].cpu0 = cpu_ns(cs[j].pid);
        cs[j].bcpu0 = thread_cpu_ns(cs[j].pid, BACKEND_COMM);
    }
}

/*
 * Prints one result line per kind measured since start_measuring (LABEL|KIND, or LABEL|KIND|alone)
 * and appends the samples. CPU is per change over all the changes measured (the kinds of a
 * mount/unmount run alternate, so their rows share it).
 */
static void report(struct consumer *c, const char *suffix, double seconds, FILE *samples) {
    c->cpu1 = cpu_ns(c->pid);
    c->bcpu1 = thread_cpu_ns(c->pid, BACKEND_COMM);
    int total = c->n[ATTACH] + c->n[DETACH] + c->n[REMOUNT];
    if (total == 0) return;
    double gross = (c->cpu1 - c->cpu0) / 1000.0 / total;
    double net = (c->cpu1 - c->cpu0 - c->idle_per_s * seconds) / 1000.0 / total;
    double backend = c->bcpu0 < 0 || c->bcpu1 < 0 ? -1 : (c->bcpu1 - c->bcpu0) / 1000.0 / total;
    for (int k = 0; k < 3; k++) {
        int n = c->n[k];
        if (n == 0) continue;
        char label[300];
        snprintf(label, sizeof label, "%s|%s%s", c->label, kind_name[k], suffix);
        long long *s = malloc(sizeof(long long) * n);
        for (int i = 0; i < n; i++) {
            s[i] = c->lat[k][i];
            fprintf(samples, "%s %lld\n", label, s[i]);
        }
        qsort(s, n, sizeof *s, cmp_ll);
        int i99 = (int) ((n - 1) * 0.99 + 0.5);
        printf("result %s %d %.0f %.0f %.0f %.0f %d %.0f\n", label, n, s[n / 2] / 1000.0, s[i99] / 1000.0, gross, net,
               c->timeouts[k], backend);
        free(s);
    }
    fflush(stdout);
}

/* Waits until consumer c has answered everything (it sleeps in poll, or, saying "ready", has had time) and drops what it printed. */
static void settle(struct consumer *c, char ready) {
    usleep(300000);
    if (ready == 'p') {
        await_polling(c);
        usleep(300000);
        await_polling(c);
    }
    drain_output(c);
}

/* Keeps the driver on the CPU it runs on now (DRIVER_CPU: that one instead; -1: no pinning); after the consumers were started, so they do not inherit it. */
static void pin_driver(void) {
    const char *want = getenv("DRIVER_CPU");
    int cpu = want ? atoi(want) : sched_getcpu();
    if (cpu < 0) {
        fprintf(stderr, "  driver: not pinned\n");
        return;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
    fprintf(stderr, "  driver: pinned to CPU %d\n", cpu);
}

static int env_int(const char *name) {
    const char *v = getenv(name);
    return v ? atoi(v) : 0;
}

int main(int argc, char **argv) {
    if (argc < 12) {
        fprintf(stderr, "usage: %s EXTRA K W DIR SAMPLES READY LABEL_A LABEL_B -- CMD_A... -- CMD_B...\n", argv[0]);
        return 2;
    }
    int extra = atoi(argv[1]), k = atoi(argv[2]), w = atoi(argv[3]);
    const char *dir = argv[4];
    FILE *samples = fopen(argv[5], "a");
    if (!samples) die(argv[5]);
    if (getenv("DIAG") && !(diag = fopen(getenv("DIAG"), "a"))) die(getenv("DIAG"));
    const char *ready = argv[6];
    if (strlen(ready) != 2) {
        fprintf(stderr, "READY must be two letters (r or p)\n");
        return 2;
    }
    for (int i = 0; i < 2; i++) {
        if (!strchr("rpm", ready[i])) {
            fprintf(stderr, "READY letters: r, p or m\n");
            return 2;
        }
    }
    struct consumer cs[2] = {{.label = argv[7], .style = ready[0]}, {.label = argv[8], .style = ready[1]}};
    /* argv: ... -- CMD_A... -- CMD_B...; the second "--" becomes CMD_A's terminating NULL. */
    int sep1 = 9, sep2 = -1;
    if (strcmp(argv[sep1], "--") != 0) {
        fprintf(stderr, "expected -- before the first command\n");
        return 2;
    }
    for (int i = sep1 + 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            sep2 = i;
            break;
        }
    }
    if (sep2 < 0 || sep2 == sep1 + 1 || sep2 == argc - 1) {
        fprintf(stderr, "expected two non-empty commands separated by --\n");
        return 2;
    }
    argv[sep2] = NULL;
    char **cmd[2] = {&argv[sep1 + 1], &argv[sep2 + 1]};

    char path[4096];
    snprintf(path, sizeof path, "%s/base", dir);
    mkdir(path, 0755);
    if (mount("bench-base", path, "tmpfs", 0, "size=1m") < 0) die("mount base");
    for (int i = 0; i < extra; i++) {
        snprintf(path, sizeof path, "%s/base/m%d", dir, i);
        if (mkdir(path, 0755) < 0) die("mkdir");
        if (mount("bench", path, "tmpfs", 0, "size=4k") < 0) die("mount extra");
    }
    snprintf(target, sizeof target, "%s/t", dir);
    mkdir(target, 0755);
    snprintf(rtarget, sizeof rtarget, "%s/r", dir);
    mkdir(rtarget, 0755);
    if (mount("bench-r", rtarget, "tmpfs", 0, "size=4k") < 0) die("mount r");

    FILE *mi = fopen("/proc/self/mountinfo", "r");
    int lines = 0;
    for (int ch; (ch = fgetc(mi)) != EOF;) lines += ch == '\n';
    fclose(mi);
    printf("table %d\n", lines);
    fflush(stdout);

    int solo = env_int("SOLO_WARMUP") / 2 * 2, alone = env_int("ALONE");
    int remounts = env_int("REMOUNTS"), remount_warmup = env_int("REMOUNT_WARMUP");
    int most = k > alone ? k : alone;
    if (remounts > most) most = remounts;
    for (int i = 0; i < 2; i++) {
        spawn(&cs[i], cmd[i]);
        for (int j = 0; j < 3; j++) cs[i].lat[j] = calloc(most + 1, sizeof(long long));
    }
    for (int i = 0; i < 2; i++) {
        if (ready[i] != 'p') await_ready(&cs[i]);
        else await_polling(&cs[i]);
    }
    pin_driver();

    /* Consumer A alone, B stopped (SIGSTOP): it neither answers nor competes for the CPU meanwhile. */
    if (solo > 0 || alone > 0) {
        kill(cs[1].pid, SIGSTOP);
        for (int i = 0; i < solo; i++) change(cs, 1, 0, 0);
        for (int i = 0; i < solo / 4 * 2; i++) change(cs, 1, 1, 0);
        if (solo > 0) fprintf(stderr, "  %d + %d warm-up changes for %s alone\n", solo, solo / 4 * 2, cs[0].label);
        if (alone > 0) {
            fprintf(stderr, "  %d attaches and detaches, then %d remounts, measured for %s alone\n", alone, alone, cs[0].label);
            start_measuring(cs, 1, 1);
            long long from = now_ns();
            for (int i = 0; i < 2 * alone; i++) change(cs, 1, 0, 1);
            report(&cs[0], "|alone", (now_ns() - from) / 1e9, samples);
            usleep(500000);
            start_measuring(cs, 1, 0);
            from = now_ns();
            for (int i = 0; i < alone; i++) change(cs, 1, 1, 1);
            report(&cs[0], "|alone", (now_ns() - from) / 1e9, samples);
        }
        kill(cs[1].pid, SIGCONT);
        fprintf(stderr, "  waiting for %s to catch up\n", cs[1].label);
        for (int j = 0; j < 2; j++) settle(&cs[j], ready[j]);
    }

    /* Both side by side: warm-up, then K attaches and K detaches in turn, each timed for both. */
    for (int i = 0; i < w; i++) change(cs, 2, 0, 0);
    start_measuring(cs, 2, 1);
    long long from = now_ns();
    for (int i = 0; i < 2 * k; i++) change(cs, 2, 0, 1);
    double seconds = (now_ns() - from) / 1e9;
    for (int j = 0; j < 2; j++) report(&cs[j], "", seconds, samples);

    /* REMOUNTS: then remount DIR/r read-only and back in turn, timed the same way (after REMOUNT_WARMUP
     * unmeasured ones: this code path runs only here). No mount is added or removed, so this is what a
     * change costs that only a look at the whole table finds. */
    if (remounts > 0) {
        usleep(500000);
        for (int i = 0; i < remount_warmup; i++) change(cs, 2, 1, 0);
        start_measuring(cs, 2, 0);
        from = now_ns();
        for (int i = 0; i < remounts; i++) change(cs, 2, 1, 1);
        seconds = (now_ns() - from) / 1e9;
        for (int j = 0; j < 2; j++) report(&cs[j], "", seconds, samples);
    }
    fclose(samples);
    if (diag) fclose(diag);
    for (int j = 0; j < 2; j++) {
        kill(cs[j].pid, SIGTERM);
        waitpid(cs[j].pid, NULL, 0);
    }
    return 0;
}
