// The kernel's floor for the push benchmark (docs/benchmarks.md §3): the cheapest possible fan-out, a C program
// writing one small message to each of N loopback TCP sockets, while a second process reads them with epoll as a
// load generator would. No JVM, no WebSocket, no JSON: what is left is the TCP stack's cost per write on this machine.
//
//   gcc -O2 -pthread -o loopback_floor loopback_floor.c
//   ./loopback_floor <sockets> <rounds> <message bytes> <writer threads> <reader: active|asleep>
//
// "asleep" keeps the reader out of the way while the writers run (it reads between rounds), so the writers have the
// machine to themselves: the best case. Prints one RESULT line.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int *sockets;
static int socket_count, message_bytes, threads;
static char *message;

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void cpu(double *user, double *sys) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    *user = r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6;
    *sys = r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static void *write_share(void *arg) {
    for (int i = (int) (long) arg; i < socket_count; i += threads) {
        if (write(sockets[i], message, message_bytes) != message_bytes) {
            perror("write");
            exit(1);
        }
    }
    return NULL;
}

static void reader(struct sockaddr_in server, int rounds, int asleep, int ready_fd, int go_fd) {
    int ep = epoll_create1(0);
    for (int i = 0; i < socket_count; i++) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        // Four source addresses, as the Java generator uses, so that more than 28k ports are available.
        struct sockaddr_in local = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001 + 1 + i % 4)};
        if (bind(s, (void *) &local, sizeof local) || connect(s, (void *) &server, sizeof server)) {
            perror("connect");
            exit(1);
        }
        fcntl(s, F_SETFL, O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = s};
        epoll_ctl(ep, EPOLL_CTL_ADD, s, &e);
    }
    char c = 1;
    write(ready_fd, &c, 1);
    char buf[4096];
    struct epoll_event ready[512];
    for (int r = 0; r < rounds; r++) {
        if (asleep) {
            read(go_fd, &c, 1); // the writer says when its round is over
        }
        long got = 0;
        while (got < (long) socket_count * message_bytes) {
            int k = epoll_wait(ep, ready, 512, -1);
            for (int j = 0; j < k; j++) {
                ssize_t n = read(ready[j].data.fd, buf, sizeof buf);
                got += n > 0 ? n : 0;
            }
        }
        write(ready_fd, &c, 1);
    }
    exit(0);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s <sockets> <rounds> <message bytes> <writer threads> <active|asleep>\n", argv[0]);
        return 2;
    }
    socket_count = atoi(argv[1]);
    int rounds = atoi(argv[2]);
    message_bytes = atoi(argv[3]);
    threads = atoi(argv[4]);
    int asleep = strcmp(argv[5], "asleep") == 0;

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in server = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
    socklen_t len = sizeof server;
    if (bind(listener, (void *) &server, sizeof server) || listen(listener, 4096) || getsockname(listener, (void *) &server, &len)) {
        perror("listen");
        return 1;
    }
    int to_writer[2], to_reader[2];
    if (pipe(to_writer) || pipe(to_reader)) {
        perror("pipe");
        return 1;
    }
    pid_t child = fork();
    if (child == 0) {
        reader(server, rounds, asleep, to_writer[1], to_reader[0]);
    }
    sockets = malloc(sizeof(int) * socket_count);
    for (int i = 0; i < socket_count; i++) {
        sockets[i] = accept(listener, NULL, NULL);
        int one = 1;
        setsockopt(sockets[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // as the ELS
    }
    char c;
    read(to_writer[0], &c, 1); // the reader has connected everything
    message = malloc(message_bytes);
    memset(message, 'x', message_bytes);

    double user0, sys0, user1, sys1, total = 0, worst = 0;
    cpu(&user0, &sys0);
    for (int r = 0; r < rounds; r++) {
        double start = seconds();
        pthread_t t[64];
        for (long k = 0; k < threads; k++) {
            pthread_create(&t[k], NULL, write_share, (void *) k);
        }
        for (int k = 0; k < threads; k++) {
            pthread_join(t[k], NULL);
        }
        double took = seconds() - start;
        total += took;
        worst = took > worst ? took : worst;
        if (asleep) {
            write(to_reader[1], &c, 1);
        }
        read(to_writer[0], &c, 1); // everything was read: the next round starts on a quiet machine
        usleep(100000);
    }
    cpu(&user1, &sys1);
    printf("RESULT floor %d loopback sockets, %d-byte message, %d writer thread(s), reader %s: last write returned after "
           "%.1f ms mean, %.1f ms worst per round; writer CPU %.1f ms per round (kernel %.1f ms, %.2f us per write)\n",
           socket_count, message_bytes, threads, asleep ? "asleep" : "active", total * 1e3 / rounds, worst * 1e3,
           (user1 - user0 + sys1 - sys0) * 1e3 / rounds, (sys1 - sys0) * 1e3 / rounds, (sys1 - sys0) * 1e6 / rounds / socket_count);
    waitpid(child, NULL, 0);
    return 0;
}
