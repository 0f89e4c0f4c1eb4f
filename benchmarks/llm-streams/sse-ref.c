/*
 * sse-ref: a minimal reference client for run-llm-streams.sh. It keeps STREAMS keep-alive HTTP/1.1 connections
 * to the loopback SSE server, each streaming one completion after another, and measures TTFT, TPOT and ITL
 * with the definitions of docs/metrics.md, so that the server's own schedule (nginx echo_sleep) can be told
 * apart from what our client adds. One thread, epoll, no parsing beyond finding event boundaries: its own
 * overhead is a few microseconds per event.
 *
 *   sse-ref PORT PATH openai|anthropic STREAMS WARMUP_S DURATION_S
 *
 * Prints one line: key=value pairs (ms). Only requests started after the warm-up are measured; a stream sends
 * no new request after WARMUP_S + DURATION_S.
 *
 * An event is an output token when it carries a non-empty "content" (OpenAI chat.completion.chunk) or a
 * "text_delta" (Anthropic). Its timestamp is CLOCK_MONOTONIC right after the read() that completed it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF 65536

typedef struct {
    int fd;
    char buf[BUF];
    size_t len, scanned;
    double t0, first, last;
    int chunks, open, measured;
} conn_t;

typedef struct {
    double *v;
    size_t n, cap;
} vec_t;

static void push(vec_t *a, double x) {
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4096;
        a->v = realloc(a->v, a->cap * sizeof(double));
        if (!a->v) { perror("realloc"); exit(1); }
    }
    a->v[a->n++] = x;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* nearest rank, as HdrHistogram reports it */
static double pct(vec_t *a, double q) {
    if (a->n == 0) return 0;
    size_t r = (size_t) (q / 100.0 * a->n + 0.999999);
    if (r < 1) r = 1;
    if (r > a->n) r = a->n;
    return a->v[r - 1];
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static char req[1024];
static size_t req_len;
static int anthropic;
static int open_now, open_max;

static int send_request(conn_t *c, double t) {
    c->len = c->scanned = 0;
    c->chunks = 0;
    c->t0 = t;
    ssize_t w = write(c->fd, req, req_len);
    if (w != (ssize_t) req_len) return -1; /* a 1 KB write to a fresh loopback socket is never partial */
    c->open = 1;
    if (++open_now > open_max) open_max = open_now;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: sse-ref PORT PATH openai|anthropic STREAMS WARMUP_S DURATION_S\n");
        return 2;
    }
    int port = atoi(argv[1]);
    const char *path = argv[2];
    anthropic = strcmp(argv[3], "anthropic") == 0;
    int streams = atoi(argv[4]);
    double warm = atof(argv[5]) * 1e3, dur = atof(argv[6]) * 1e3;
    const char *body = anthropic
        ? "{\"model\":\"nginx-sse\",\"max_tokens\":20,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        : "{\"model\":\"nginx-sse\",\"max_tokens\":20,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    req_len = snprintf(req, sizeof req,
        "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
        "Content-Length: %zu\r\n\r\n%s", path, port, strlen(body), body);
    const char *out_pat = anthropic ? "\"text_delta\"" : "\"content\":\"";
    const char *end_pat = anthropic ? "message_stop" : "data: [DONE]";

    int ep = epoll_create1(0);
    conn_t *cs = calloc(streams, sizeof(conn_t));
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    double start = now_ms(), measure_from = start + warm, stop = start + warm + dur;
    for (int i = 0; i < streams; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, (struct sockaddr *) &sa, sizeof sa) != 0) { perror("connect"); return 1; }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        cs[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    for (int i = 0; i < streams; i++) {
        if (send_request(&cs[i], now_ms()) != 0) { perror("write"); return 1; }
    }
    vec_t ttft = {0}, tpot = {0}, itl = {0};
    long done = 0, failures = 0;
    int live = streams;
    struct epoll_event evs[256];
    while (live > 0) {
        int n = epoll_wait(ep, evs, 256, 1000);
        if (n < 0 && errno == EINTR) continue;
        if (now_ms() > stop + 30e3) break; /* a stuck stream: give up 30 s after the end */
        for (int e = 0; e < n; e++) {
            conn_t *c = evs[e].data.ptr;
            for (;;) {
                if (c->len == BUF) { c->len = c->scanned = 0; } /* cannot happen with our short events */
                ssize_t r = read(c->fd, c->buf + c->len, BUF - c->len);
                double t = now_ms();
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
                if (r <= 0) {
                    if (c->open) { failures++; open_now--; c->open = 0; }
                    close(c->fd);
                    live--;
                    break;
                }
                c->len += r;
                int ended = 0;
                /* complete events: up to each "\n\n" */
                for (;;) {
                    char *end = memmem(c->buf + c->scanned, c->len - c->scanned, "\n\n", 2);
                    if (!end) break;
                    size_t elen = end - (c->buf + c->scanned);
                    char *ev = c->buf + c->scanned;
                    char *o = memmem(ev, elen, out_pat, strlen(out_pat));
                    if (o && (anthropic || o[strlen(out_pat)] != '"')) {
                        if (c->chunks == 0) c->first = t;
                        else if (c->t0 >= measure_from) push(&itl, t - c->last);
                        c->last = t;
                        c->chunks++;
                    }
                    if (memmem(ev, elen, end_pat, strlen(end_pat))) ended = 1;
                    c->scanned += elen + 2;
                }
                if (ended) {
                    open_now--;
                    c->open = 0;
                    if (c->t0 >= measure_from && c->chunks > 0) {
                        push(&ttft, c->first - c->t0);
                        if (c->chunks > 1) push(&tpot, (c->last - c->first) / (c->chunks - 1));
                        done++;
                    }
                    if (t < stop) {
                        /* the chunked terminator "0\r\n\r\n" may still be on its way: it is skipped with
                           the next response's bytes, which carry no event of their own before the first */
                        if (send_request(c, now_ms()) != 0) { failures++; close(c->fd); live--; break; }
                    } else {
                        close(c->fd);
                        live--;
                        break;
                    }
                }
            }
        }
    }
    qsort(ttft.v, ttft.n, sizeof(double), cmp);
    qsort(tpot.v, tpot.n, sizeof(double), cmp);
    qsort(itl.v, itl.n, sizeof(double), cmp);
    printf("requests=%ld failures=%ld max_open=%d"
           " ttft_p50=%.3f ttft_p99=%.3f ttft_max=%.3f tpot_p50=%.3f tpot_p99=%.3f tpot_max=%.3f"
           " itl_p50=%.3f itl_p99=%.3f itl_max=%.3f\n",
           done, failures, open_max,
           pct(&ttft, 50), pct(&ttft, 99), pct(&ttft, 100), pct(&tpot, 50), pct(&tpot, 99), pct(&tpot, 100),
           pct(&itl, 50), pct(&itl, 99), pct(&itl, 100));
    return 0;
}
