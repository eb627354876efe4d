/* The least a Kafka-framed server can do per request, for benches/floor.sh: one thread, one
 * epoll loop (as every event-driven broker has), connections served one after another. Each
 * size-prefixed frame is answered at once with an ApiVersions v0 answer of its correlation id,
 * error 0 and no APIs (10 bytes and the size). No parsing beyond the frame, no allocation, no
 * timers: what is left is the kernel's part of a request arriving at an idle server and its
 * answer going out, which no broker can go below on the same machine.
 *
 *   floor_server PORT      listens on 127.0.0.1:PORT until killed
 */
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static char in[1 << 16];

/* Serves one connection until it closes; answers every whole frame buffered. */
static void serve(int ep, int s) {
    size_t have = 0;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = s};
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    for (;;) {
        if (epoll_wait(ep, &ev, 1, -1) < 1) continue;
        ssize_t n = recv(s, in + have, sizeof in - have, 0);
        if (n <= 0) break;
        have += (size_t)n;
        size_t at = 0;
        while (have - at >= 12) {
            uint32_t size;
            memcpy(&size, in + at, 4);
            size = ntohl(size);
            if (size < 8 || size > sizeof in - 4) goto done;
            if (have - at < 4 + size) break;
            /* size 10, correlation id (bytes 8..12 of the frame), error 0, empty array */
            char out[14] = {0, 0, 0, 10};
            memcpy(out + 4, in + at + 8, 4);
            if (send(s, out, sizeof out, 0) != (ssize_t)sizeof out) goto done;
            at += 4 + size;
        }
        memmove(in, in + at, have - at);
        have -= at;
    }
done:
    epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL);
    close(s);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: floor_server PORT\n");
        return 2;
    }
    int l = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 16)) {
        perror("floor_server");
        return 1;
    }
    int ep = epoll_create1(0);
    for (;;) {
        int s = accept(l, NULL, NULL);
        if (s < 0) continue;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        serve(ep, s);
    }
}
