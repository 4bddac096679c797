/*
 * The C baseline for bench/decoder: decodes the same capture the same way as watchtray's
 * RecordDecoder.walk (docs/wire-format.md §4) — walk each read() buffer by the length field,
 * validate 8 <= len <= remaining, dispatch on type/subtype, resynchronise on a broken length
 * by scanning for a strictly plausible header — and accumulates what the Java Accumulator
 * does, printing the same checksum. The "visitor" is static inline functions, the fastest
 * way to write it in C.
 *
 * It has the same fast path for runs of 16-byte records as the Java decoder, so the two
 * differ in language and compiler only. Built with -DPLAIN_WALK it leaves the fast path out
 * and walks record by record the way the kernel's samples/watch_queue/watch_test.c does: the
 * straightforward C decoder, reported for context.
 *
 * Usage: decoder-c STREAM [WARMUP_ITERATIONS MEASURE_ITERATIONS]   (1 s per iteration)
 * Build: cc -O2 -o decoder-c decoder.c   (or cc -O2 -DPLAIN_WALK -o decoder-c-plain decoder.c)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HEADER_SIZE 8
#define TYPE_META 0u
#define TYPE_KEY_NOTIFY 1u
#define META_REMOVAL 0u
#define META_LOSS 1u
#define KEY_SETATTR 7u
#define WATCHTRAY_BASE 0x575400u
#define WATCHTRAY_LIMIT 0x5754FFu

struct acc {
    int64_t keys_by_subtype[8];
    int64_t removals, losses, other, malformed;
    int64_t serial_sum, object_sum, bytes;
};

static inline uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Java int arithmetic wraps at 32 bits before widening; do the same. */
static inline void on_key(struct acc *a, uint32_t subtype, uint32_t watch_id, uint32_t serial, uint32_t aux) {
    a->keys_by_subtype[subtype]++;
    a->serial_sum += (int64_t)(int32_t)(serial + aux + watch_id);
    a->bytes += 16;
}
static inline void on_removal(struct acc *a, uint32_t len, uint32_t watch_id, uint64_t object_id) {
    a->removals++;
    a->object_sum = (int64_t)((uint64_t)a->object_sum + object_id + watch_id);
    a->bytes += len;
}
static inline void on_loss(struct acc *a) { a->losses++; a->bytes += 8; }
static inline void on_other(struct acc *a, uint32_t len) { a->other++; a->bytes += len; }
static inline void on_malformed(struct acc *a, uint32_t len) { a->malformed++; a->bytes += len; }

/* Smallest size of each known watchtray record (AgentRecordCodec.minimumLength), -1 unknown. */
static int watchtray_min(uint32_t type, uint32_t subtype) {
    switch (type) {
    case WATCHTRAY_BASE:
        switch (subtype) {
        case 0: return 20;
        case 1: return 27;
        case 2: case 3: return 17;
        case 4: return 22;
        default: return -1;
        }
    case WATCHTRAY_BASE + 1: return subtype <= 8 ? 51 : -1;
    case WATCHTRAY_BASE + 2: return subtype <= 9 ? 34 : -1;
    default: return -1;
    }
}

static int plausible_length(const uint8_t *p) {
    uint32_t w0 = u32(p), info = u32(p + 4);
    uint32_t type = w0 & 0xFFFFFFu, subtype = w0 >> 24, shape = info & ~0xFF00u;
    if (type == TYPE_KEY_NOTIFY) return subtype <= KEY_SETATTR && shape == 16 ? 16 : -1;
    if (type == TYPE_META) {
        if (subtype == META_REMOVAL && (shape == 8 || shape == 16)) return (int)shape;
        return subtype == META_LOSS && shape == 8 ? 8 : -1;
    }
    if (type >= WATCHTRAY_BASE && type <= WATCHTRAY_LIMIT && (info & 0xFF) == 0) {
        int min = watchtray_min(type, subtype);
        int len = (int)(info >> 16);
        return min > 0 && len >= min ? len : -1;
    }
    return -1;
}

/* Returns where decoding resumes; reports [start, resume) as one malformed region. */
static size_t resync(const uint8_t *buf, size_t start, size_t end, struct acc *a) {
    for (size_t p = start + 1;; p++) {
        if (end - p < HEADER_SIZE) {
            on_malformed(a, (uint32_t)(end - start));
            return end;
        }
        int len = plausible_length(buf + p);
        if (len > 0 && (size_t)len <= end - p) {
            on_malformed(a, (uint32_t)(p - start));
            return p;
        }
    }
}

static inline void dispatch(const uint8_t *r, uint32_t len, uint32_t type, uint32_t subtype, uint32_t watch_id, int ours,
                            struct acc *a) {
    if (type == TYPE_KEY_NOTIFY) {
        if (subtype > KEY_SETATTR) on_other(a, len);
        else if (len == 16) on_key(a, subtype, watch_id, u32(r + 8), u32(r + 12));
        else on_malformed(a, len);
    } else if (type == TYPE_META) {
        if (subtype == META_REMOVAL) {
            if (len == 8) on_removal(a, 8, watch_id, 0);
            else if (len == 16) on_removal(a, 16, watch_id, u64(r + 8));
            else on_malformed(a, len);
        } else if (subtype == META_LOSS) {
            if (len == 8) on_loss(a);
            else on_malformed(a, len);
        } else {
            on_other(a, len);
        }
    } else {
        (void)ours; /* known watchtray types and unknown types both count as "other" here */
        on_other(a, len);
    }
}

/*
 * The hot loop, as in RecordDecoder.commonRun: a run of 16-byte key notifications and 16-byte
 * removals; returns at the first record that needs the general path.
 */
static inline size_t common_run(const uint8_t *buf, size_t pos, size_t end, struct acc *a) {
    size_t records = (end - pos) >> 4;
    for (size_t i = 0; i < records; i++) {
        const uint8_t *r = buf + pos + (i << 4);
        uint32_t w0 = u32(r), info = u32(r + 4);
        uint32_t watch_id = (info >> 8) & 0xFF;
        if ((w0 & 0xF8FFFFFFu) == TYPE_KEY_NOTIFY && (info & 0x7F) == 16) {
            on_key(a, w0 >> 24, watch_id, u32(r + 8), u32(r + 12));
        } else if (w0 == 0 && (info & 0x7F) == 16) {
            on_removal(a, 16, watch_id, u64(r + 8));
        } else {
            return pos + (i << 4);
        }
    }
    return pos + (records << 4);
}

static void walk(const uint8_t *buf, size_t len, struct acc *a) {
    size_t pos = 0, end = len;
    for (;;) {
#ifndef PLAIN_WALK
        pos = common_run(buf, pos, end, a);
#endif
        size_t remaining = end - pos;
        if (remaining < HEADER_SIZE) {
            if (remaining != 0) on_malformed(a, (uint32_t)remaining);
            return;
        }
        uint32_t w0 = u32(buf + pos), info = u32(buf + pos + 4);
        uint32_t type = w0 & 0xFFFFFFu;
        int ours = type >= WATCHTRAY_BASE && type <= WATCHTRAY_LIMIT;
        int64_t rl = !ours ? (int64_t)(info & 0x7F) : (info & 0x7F) == 0 ? (int64_t)(info >> 16) : -1;
        if (rl >= HEADER_SIZE && (size_t)rl <= remaining) {
            dispatch(buf + pos, (uint32_t)rl, type, w0 >> 24, (info >> 8) & 0xFF, ours, a);
            pos += (size_t)rl;
            continue;
        }
        pos = resync(buf, pos, end, a);
    }
}

static int64_t checksum(const struct acc *a) {
    uint64_t h = 17;
    for (int i = 0; i < 8; i++) h = h * 31 + (uint64_t)a->keys_by_subtype[i];
    h = ((((h * 31 + (uint64_t)a->removals) * 31 + (uint64_t)a->losses) * 31 + (uint64_t)a->other) * 31
         + (uint64_t)a->malformed) * 31 + (uint64_t)a->serial_sum * 7 + (uint64_t)a->object_sum * 3 + (uint64_t)a->bytes;
    return (int64_t)h;
}

struct stream {
    uint8_t *data;
    size_t *offsets, *lengths;
    uint32_t count;
    uint64_t bytes;
};

static int64_t decode(const struct stream *s, struct acc *a) {
    memset(a, 0, sizeof *a);
    for (uint32_t i = 0; i < s->count; i++) walk(s->data + s->offsets[i], s->lengths[i], a);
    return checksum(a);
}

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void load(const char *path, struct stream *s) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *raw = malloc((size_t)size);
    if (fread(raw, 1, (size_t)size, f) != (size_t)size) { fprintf(stderr, "%s: short read\n", path); exit(1); }
    fclose(f);
    s->count = u32(raw);
    s->offsets = malloc(sizeof(size_t) * s->count);
    s->lengths = malloc(sizeof(size_t) * s->count);
    s->data = malloc((size_t)size);
    size_t in = 4, at = 0;
    for (uint32_t i = 0; i < s->count; i++) {
        uint32_t n = u32(raw + in);
        in += 4;
        memcpy(s->data + at, raw + in, n);
        s->offsets[i] = at;
        s->lengths[i] = n;
        in += n;
        at += n;
    }
    s->bytes = at;
    free(raw);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s STREAM [WARMUP MEASURE]\n", argv[0]); return 2; }
    int warmup = argc > 2 ? atoi(argv[2]) : 5, measure = argc > 3 ? atoi(argv[3]) : 5;
    struct stream s;
    load(argv[1], &s);
    struct acc a;
    int64_t sum = decode(&s, &a);
    int64_t records = a.removals + a.losses + a.other + a.malformed;
    for (int i = 0; i < 8; i++) records += a.keys_by_subtype[i];
    printf("records %lld bytes %lld malformed %lld checksum %lld\n", (long long)records, (long long)a.bytes,
           (long long)a.malformed, (long long)sum);

    volatile int64_t sink = 0;
    double wall_total = 0, cpu_total = 0, wall_best = 0, cpu_best = 0;
    long total_passes = 0;
    for (int it = 0; it < warmup + measure; it++) {
        long passes = 0;
        double start = now(CLOCK_MONOTONIC), cpu_start = now(CLOCK_PROCESS_CPUTIME_ID), t;
        do {
            sink += decode(&s, &a);
            passes++;
        } while ((t = now(CLOCK_MONOTONIC)) - start < 1.0);
        double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - cpu_start, wall = t - start;
        if (it >= warmup) {
            wall_total += wall;
            cpu_total += cpu;
            total_passes += passes;
            if (passes / wall > wall_best) wall_best = passes / wall;
            if (passes / cpu > cpu_best) cpu_best = passes / cpu;
        }
    }
    /* passes per second of wall-clock time and of CPU time, mean over the measured iterations and best one */
    printf("passes/s wall mean %.3f best %.3f cpu mean %.3f best %.3f\n", total_passes / wall_total, wall_best,
           total_passes / cpu_total, cpu_best);
    (void)sink;
    return 0;
}
