/*
 * bench/thinpool's helper inside the kernel lab VM. Every time it prints is CLOCK_MONOTONIC in
 * nanoseconds, the clock the JVM's System.nanoTime() reads, so the writer, the syslog receiver
 * and the watchtray subscriber can be compared directly.
 *
 *   thinpool-driver now
 *       prints the monotonic time.
 *   thinpool-driver syslog PATH
 *       binds a datagram socket at PATH (/dev/log) and prints "<ns> <message>" for each message
 *       on arrival, flushed at once: syslog(3) sends synchronously, so arrival is when the
 *       daemon logged.
 *   thinpool-driver fill DEV POOL BLOCK_BYTES FIRST COUNT STRIDE WRITE_BYTES PACE_US [STATUS_EVERY [STOP]]
 *       writes WRITE_BYTES at the start of blocks FIRST, FIRST+STRIDE, ... (COUNT writes) of the
 *       thin device DEV with O_DIRECT, write i no earlier than PACE_US * i after the first (0:
 *       as fast as it goes), and stops early once a reading shows STOP ("data:78" or "meta:70",
 *       percent). After every STATUS_EVERY-th write (default 1) it reads the thin
 *       pool POOL's status (DM_TABLE_STATUS with DM_NOFLUSH_FLAG, so the reading does
 *       not commit the pool's metadata as a monitor's reading would) and prints
 *       "CROSS data|meta T <ns> <percent>" each time the pool's usage goes from below threshold
 *       T to T or more (80, 85, 90, 95; used * 100 >= T * total, as watchtray compares), with
 *       <ns> the time the write that made it returned. Metadata usage can cross a threshold
 *       several times: between commits it counts the shadow copies of changed metadata blocks,
 *       which the next commit frees. Then "END <ns> data <percent> meta <percent> writes <n>".
 *   thinpool-driver mmapfill FILE POOL MIB [STOP]
 *       makes FILE (on a filesystem on a thin volume of POOL) MIB MiB long and sparse, maps it
 *       MAP_SHARED and fills it 1 MiB at a time, each MiB msync'ed (MS_SYNC: written back then,
 *       which allocates its blocks): no write(2) anywhere, so no fsnotify event. After each
 *       MiB, the same status read and CROSS lines as fill (time: when the msync returned), and
 *       the same END line; stops early at STOP ("data:92").
 *   thinpool-driver status POOL
 *       prints "data <used> <total> meta <used> <total>".
 *   thinpool-driver sample SECONDS PID...
 *       for SECONDS, every 100 ms, looks at each PID's timerfds (/proc/PID/fdinfo) and prints
 *       "ARM <pid> <fd> <ns> <seconds>" whenever one was (re-)armed, with the time left on it
 *       when first seen; at the end "CTX <pid> <tid> <comm> <voluntary context switches during
 *       the window>" for every thread.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/dm-ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void sleep_until(int64_t t) {
    struct timespec ts = {t / 1000000000LL, t % 1000000000LL};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
}

/* ---- syslog receiver */

static void syslog_receiver(const char *path) {
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    unlink(path);
    if (bind(fd, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    chmod(path, 0666);
    char buf[8192];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        int64_t t = now_ns();
        if (n < 0) {
            if (errno == EINTR) continue;
            die("recv");
        }
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0')) n--;
        buf[n] = 0;
        for (char *p = buf; *p; p++) if (*p == '\n') *p = ' ';
        printf("%" PRId64 " %s\n", t, buf);
        fflush(stdout);
    }
}

/* ---- thin-pool status through the dm ioctl */

struct pool_usage {
    unsigned long long used_meta, total_meta, used_data, total_data;
};

static int dm_fd = -1;

static int pool_status(const char *pool, struct pool_usage *u) {
    static union {
        struct dm_ioctl io;
        char bytes[16384];
    } b;
    if (dm_fd < 0 && (dm_fd = open("/dev/mapper/control", O_RDWR | O_CLOEXEC)) < 0) die("/dev/mapper/control");
    memset(&b, 0, sizeof b);
    b.io.version[0] = DM_VERSION_MAJOR;
    b.io.data_size = sizeof b;
    b.io.data_start = sizeof b.io;
    b.io.flags = DM_NOFLUSH_FLAG; /* for a status query: DM_STATUS_NOFLUSH_FLAG, no metadata commit */
    snprintf(b.io.name, sizeof b.io.name, "%s", pool);
    if (ioctl(dm_fd, DM_TABLE_STATUS, &b) < 0) return -1;
    size_t off = b.io.data_start;
    for (uint32_t i = 0; i < b.io.target_count && off + sizeof(struct dm_target_spec) <= sizeof b; i++) {
        struct dm_target_spec *s = (struct dm_target_spec *) (b.bytes + off);
        const char *params = (const char *) (s + 1);
        if (strcmp(s->target_type, "thin-pool") == 0) {
            unsigned long long tx;
            if (sscanf(params, "%llu %llu/%llu %llu/%llu", &tx, &u->used_meta, &u->total_meta, &u->used_data, &u->total_data) == 5)
                return 0;
            errno = EPROTO;
            return -1;
        }
        if (s->next == 0) break;
        off += s->next;
    }
    errno = ENODEV;
    return -1;
}

static double pct(unsigned long long used, unsigned long long total) {
    return total ? 100.0 * used / total : 0;
}

static const int THRESHOLDS[] = {80, 85, 90, 95};

/* Prints the thresholds crossed between two readings of one counter. */
static void crossings(const char *kind, unsigned long long before, unsigned long long after, unsigned long long total, int64_t t) {
    for (size_t i = 0; i < sizeof THRESHOLDS / sizeof THRESHOLDS[0]; i++) {
        unsigned long long th = (unsigned long long) THRESHOLDS[i];
        if (before * 100 < th * total && after * 100 >= th * total)
            printf("CROSS %s %d %" PRId64 " %.2f\n", kind, THRESHOLDS[i], t, pct(after, total));
    }
    fflush(stdout);
}

static int fill(int argc, char **argv) {
    if (argc < 10) {
        fprintf(stderr, "usage: fill DEV POOL BLOCK_BYTES FIRST COUNT STRIDE WRITE_BYTES PACE_US [STATUS_EVERY]\n");
        return 64;
    }
    const char *dev = argv[2], *pool = argv[3];
    long long block = atoll(argv[4]), first = atoll(argv[5]), count = atoll(argv[6]), stride = atoll(argv[7]);
    long long bytes = atoll(argv[8]), pace_us = atoll(argv[9]);
    long long every = argc > 10 ? atoll(argv[10]) : 1;
    if (every < 1) every = 1;
    char stop_kind[8] = "";
    double stop_at = 0;
    if (argc > 11 && sscanf(argv[11], "%7[a-z]:%lf", stop_kind, &stop_at) != 2) {
        fprintf(stderr, "fill: STOP is data:PERCENT or meta:PERCENT, not %s\n", argv[11]);
        return 64;
    }
    int fd = open(dev, O_WRONLY | O_DIRECT | O_CLOEXEC);
    if (fd < 0) die(dev);
    void *buf;
    if (posix_memalign(&buf, 4096, (size_t) bytes)) die("posix_memalign");
    memset(buf, 0xa5, (size_t) bytes);
    struct pool_usage last, u;
    if (pool_status(pool, &last) < 0) die("DM_TABLE_STATUS");
    int64_t t0 = now_ns();
    long long i;
    int failed = 0;
    for (i = 0; i < count; i++) {
        if (pace_us > 0) sleep_until(t0 + i * pace_us * 1000LL);
        off_t at = (off_t) ((first + i * stride) * block);
        if (pwrite(fd, buf, (size_t) bytes, at) != bytes) {
            fprintf(stderr, "fill: write at block %lld: %s\n", first + i * stride, strerror(errno));
            failed = 1;
            break;
        }
        int64_t t = now_ns();
        if ((i + 1) % every != 0 && i + 1 != count) continue;
        if (pool_status(pool, &u) < 0) die("DM_TABLE_STATUS");
        crossings("data", last.used_data, u.used_data, u.total_data, t);
        crossings("meta", last.used_meta, u.used_meta, u.total_meta, t);
        last = u;
        if ((strcmp(stop_kind, "data") == 0 && pct(u.used_data, u.total_data) >= stop_at)
            || (strcmp(stop_kind, "meta") == 0 && pct(u.used_meta, u.total_meta) >= stop_at)) {
            i++;
            break;
        }
    }
    pool_status(pool, &u);
    printf("END %" PRId64 " data %.2f meta %.2f writes %lld\n", now_ns(), pct(u.used_data, u.total_data), pct(u.used_meta, u.total_meta), i);
    return failed;
}

static int mmapfill(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: mmapfill FILE POOL MIB [STOP]\n");
        return 64;
    }
    const char *file = argv[2], *pool = argv[3];
    long long mib = atoll(argv[4]);
    double stop_at = 101;
    if (argc > 5 && sscanf(argv[5], "data:%lf", &stop_at) != 1) {
        fprintf(stderr, "mmapfill: STOP is data:PERCENT, not %s\n", argv[5]);
        return 64;
    }
    const size_t step = 1 << 20;
    int fd = open(file, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) die(file);
    if (ftruncate(fd, (off_t) (mib * (long long) step)) < 0) die("ftruncate");
    unsigned char *map = mmap(NULL, (size_t) mib * step, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) die("mmap");
    struct pool_usage last, u;
    if (pool_status(pool, &last) < 0) die("DM_TABLE_STATUS");
    long long i;
    for (i = 0; i < mib; i++) {
        unsigned char *at = map + i * step;
        for (size_t j = 0; j < step; j += 8) memcpy(at + j, &(uint64_t) {(uint64_t) (i * step + j) * 0x9e3779b97f4a7c15ULL}, 8);
        if (msync(at, step, MS_SYNC) < 0) die("msync");
        int64_t t = now_ns();
        if (pool_status(pool, &u) < 0) die("DM_TABLE_STATUS");
        crossings("data", last.used_data, u.used_data, u.total_data, t);
        crossings("meta", last.used_meta, u.used_meta, u.total_meta, t);
        last = u;
        if (pct(u.used_data, u.total_data) >= stop_at) {
            i++;
            break;
        }
    }
    munmap(map, (size_t) mib * step);
    close(fd);
    pool_status(pool, &u);
    printf("END %" PRId64 " data %.2f meta %.2f writes %lld\n", now_ns(), pct(u.used_data, u.total_data), pct(u.used_meta, u.total_meta), i);
    return 0;
}

/* ---- wake-ups: timer arms and context switches */

#define MAX_TIMERS 64

struct timer_seen {
    int pid, fd;
    int64_t left_ns, seen_at;
};

static struct timer_seen timers[MAX_TIMERS];
static int ntimers;

/* Time left on a timerfd, from /proc/PID/fdinfo/FD ("it_value: (sec, nsec)"); 0 when disarmed. */
static int64_t timer_left(int pid, int fd) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/fdinfo/%d", pid, fd);
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    int64_t left = -1;
    while (fgets(line, sizeof line, f)) {
        long long s, ns;
        if (sscanf(line, "it_value: (%lld, %lld)", &s, &ns) == 2) left = s * 1000000000LL + ns;
    }
    fclose(f);
    return left;
}

static void scan_timers(int pid) {
    char dir[64], link[PATH_MAX], target[128];
    snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
    DIR *d = opendir(dir);
    if (!d) return;
    int64_t t = now_ns();
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        snprintf(link, sizeof link, "%s/%s", dir, e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n < 0) continue;
        target[n] = 0;
        if (strcmp(target, "anon_inode:[timerfd]") != 0) continue;
        int fd = atoi(e->d_name);
        int64_t left = timer_left(pid, fd);
        if (left < 0) continue;
        struct timer_seen *ts = NULL;
        for (int i = 0; i < ntimers; i++)
            if (timers[i].pid == pid && timers[i].fd == fd) ts = &timers[i];
        if (!ts && ntimers < MAX_TIMERS) {
            ts = &timers[ntimers++];
            *ts = (struct timer_seen) {pid, fd, 0, 0};
            if (left > 0) printf("ARMED %d %d %" PRId64 " %.3f\n", pid, fd, t, left / 1e9); /* armed before the window */
        } else if (ts && left > 0 && (ts->left_ns == 0 || left > ts->left_ns - (t - ts->seen_at) + 50000000LL)) {
            printf("ARM %d %d %" PRId64 " %.3f\n", pid, fd, t, left / 1e9);
        }
        if (ts) {
            ts->left_ns = left;
            ts->seen_at = t;
        }
    }
    closedir(d);
    fflush(stdout);
}

struct thread_count {
    int pid, tid;
    long long before;
};

static long long voluntary(int pid, int tid, char *comm, size_t commlen) {
    char path[96], line[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/comm", pid, tid);
    FILE *f = fopen(path, "re");
    if (comm) {
        snprintf(comm, commlen, "?");
        if (f && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\n")] = 0;
            for (char *p = line; *p; p++) if (*p == ' ') *p = '_';
            snprintf(comm, commlen, "%s", line);
        }
    }
    if (f) fclose(f);
    snprintf(path, sizeof path, "/proc/%d/task/%d/status", pid, tid);
    f = fopen(path, "re");
    long long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "voluntary_ctxt_switches: %lld", &v) == 1) break;
    if (f) fclose(f);
    return v;
}

static int sample(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: sample SECONDS PID...\n");
        return 64;
    }
    double seconds = atof(argv[2]);
    static struct thread_count threads[4096];
    int nthreads = 0;
    for (int a = 3; a < argc; a++) {
        int pid = atoi(argv[a]);
        char dir[64];
        snprintf(dir, sizeof dir, "/proc/%d/task", pid);
        DIR *d = opendir(dir);
        if (!d) continue;
        for (struct dirent *e; (e = readdir(d)) && nthreads < 4096;) {
            if (e->d_name[0] == '.') continue;
            int tid = atoi(e->d_name);
            threads[nthreads++] = (struct thread_count) {pid, tid, voluntary(pid, tid, NULL, 0)};
        }
        closedir(d);
    }
    int64_t start = now_ns(), end = start + (int64_t) (seconds * 1e9);
    printf("WINDOW %" PRId64 " %.3f\n", start, seconds);
    for (int64_t t = start; t < end; t += 100000000LL) {
        for (int a = 3; a < argc; a++) scan_timers(atoi(argv[a]));
        sleep_until(t + 100000000LL);
    }
    for (int i = 0; i < nthreads; i++) {
        char comm[64];
        long long after = voluntary(threads[i].pid, threads[i].tid, comm, sizeof comm);
        if (after >= 0 && threads[i].before >= 0)
            printf("CTX %d %d %s %lld\n", threads[i].pid, threads[i].tid, comm, after - threads[i].before);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "now") == 0) {
        printf("%" PRId64 "\n", now_ns());
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "syslog") == 0) syslog_receiver(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "fill") == 0) return fill(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "mmapfill") == 0) return mmapfill(argc, argv);
    if (argc >= 3 && strcmp(argv[1], "status") == 0) {
        struct pool_usage u;
        if (pool_status(argv[2], &u) < 0) die("DM_TABLE_STATUS");
        printf("data %llu %llu meta %llu %llu\n", u.used_data, u.total_data, u.used_meta, u.total_meta);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "sample") == 0) return sample(argc, argv);
    fprintf(stderr, "usage: thinpool-driver now | syslog PATH | fill ... | mmapfill ... | status POOL | sample SECONDS PID...\n");
    return 64;
}
