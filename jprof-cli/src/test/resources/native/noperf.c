/* LD_PRELOAD shim for tests: perf_event_open fails with EACCES, as under kernel.perf_event_paranoid=3 or a seccomp policy. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <errno.h>
#include <dlfcn.h>
#include <sys/syscall.h>
long syscall(long n, ...) {
  va_list ap; va_start(ap, n);
  long a[6]; for (int i=0;i<6;i++) a[i]=va_arg(ap,long); va_end(ap);
  if (n == SYS_perf_event_open) { errno = EACCES; return -1; }
  static long (*real)(long, ...) = 0;
  if (!real) real = dlsym(RTLD_NEXT, "syscall");
  return real(n, a[0],a[1],a[2],a[3],a[4],a[5]);
}
