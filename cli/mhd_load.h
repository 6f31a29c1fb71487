/* mhd_load.h — libmicrohttpd, loaded when `medrule serve` starts rather than
** when any command starts: the library and the TLS libraries it brings cost
** every `medrule check` 3 to 4 ms and 150 page faults before main()
** (bench/PROFILE.md, round 8).  Internal to the program. */
#ifndef MEDRULE_MHD_LOAD_H
#define MEDRULE_MHD_LOAD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <microhttpd.h>

/* The functions serve.c calls, with the header's own signatures. */
#define MHD_LOAD_FUNCTIONS(X)                                                                                   \
  X(start_daemon) X(stop_daemon) X(quiesce_daemon) X(get_daemon_info) X(create_response_from_buffer)           \
  X(add_response_header) X(queue_response) X(destroy_response) X(lookup_connection_value)

typedef struct mhd_api {
#define MHD_LOAD_FIELD(name) __typeof__(&MHD_##name) name;
  MHD_LOAD_FUNCTIONS(MHD_LOAD_FIELD)
#undef MHD_LOAD_FIELD
} mhd_api;

/* Loads the library once and returns its functions, or NULL with why[0..n)
** saying what is missing.  Not thread-safe: serve calls it before any thread
** starts.  The library stays loaded until the program exits. */
const mhd_api *mhd_load(char *why, size_t n);

#endif
