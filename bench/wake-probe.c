/*
 * bench/wake-probe: how long a thread woken on another CPU takes to start, against one woken on
 * the waker's CPU (the environment's part of bench/mounts' tail, which neither consumer's run or
 * run-queue time shows). The main thread (on CPU 0) writes a timestamp to a pipe every GAP µs; a
 * reader thread pinned to READER_CPU takes the time when read(2) returns.
 *
 * build: gcc -O2 -o /tmp/wake-probe bench/wake-probe.c -lpthread
 * usage: wake-probe N READER_CPU GAP_US   e.g. 2000 1 3000, then 2000 0 3000
 * prints: "reader on cpu C, gap G us: wake latency median M us p90 … p99 … max …"
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int fds[2], samples, reader_cpu;
static long long *latency;

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) {
        perror("sched_setaffinity");
        exit(2);
    }
}

static void *reader(void *unused) {
    (void) unused;
    pin(reader_cpu);
    for (int i = 0; i < samples; i++) {
        long long sent;
        if (read(fds[0], &sent, sizeof sent) != sizeof sent) exit(1);
        latency[i] = now_ns() - sent;
    }
    return NULL;
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s N READER_CPU GAP_US\n", argv[0]);
        return 2;
    }
    samples = atoi(argv[1]);
    reader_cpu = atoi(argv[2]);
    int gap = atoi(argv[3]);
    latency = calloc(samples, sizeof *latency);
    if (!latency || pipe(fds) < 0) return 2;
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    pin(0);
    usleep(100000);
    for (int i = 0; i < samples; i++) {
        usleep(gap);
        long long sent = now_ns();
        if (write(fds[1], &sent, sizeof sent) != sizeof sent) return 1;
    }
    pthread_join(t, NULL);
    qsort(latency, samples, sizeof *latency, cmp_ll);
    printf("reader on cpu %d, gap %d us: wake latency median %.0f us p90 %.0f p99 %.0f max %.0f\n", reader_cpu, gap,
           latency[samples / 2] / 1e3, latency[samples * 9 / 10] / 1e3, latency[samples * 99 / 100] / 1e3, latency[samples - 1] / 1e3);
    return 0;
}
