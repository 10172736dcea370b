#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
// Plain structs for lapack_complex_* so that every LAPACKE prototype imports into Swift.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <lapacke.h>
// Debian's alternatives point this at OpenBLAS's cblas.h (netlib's when OpenBLAS is absent).
#include <cblas.h>

// OpenBLAS's own threads (see Stats' BLASThreads). Declared weak, so that netlib's BLAS, which has
// no threads and no such functions, still links; and looked up by name when the weak reference was
// left unresolved (Debian's libblas.so.3 is OpenBLAS's, but the functions live in its dependency
// libopenblas.so.0, which a linker may not search for weak references). Absent: -1, 0.
#include <dlfcn.h>
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));
extern int openblas_get_parallel(void) __attribute__((weak));

static inline void *dashbrief_openblas_function(void *weak, const char *name) {
    return weak ? weak : dlsym(RTLD_DEFAULT, name);
}

/// OpenBLAS's thread count; -1 when BLAS is not OpenBLAS.
static inline int dashbrief_openblas_threads(void) {
    int (*get)(void) = (int (*)(void))dashbrief_openblas_function((void *)openblas_get_num_threads, "openblas_get_num_threads");
    return get ? get() : -1;
}

/// Sets OpenBLAS's thread count; 0 when BLAS is not OpenBLAS.
static inline int dashbrief_openblas_set_threads(int count) {
    void (*set)(int) = (void (*)(int))dashbrief_openblas_function((void *)openblas_set_num_threads, "openblas_set_num_threads");
    if (!set) return 0;
    set(count);
    return 1;
}

/// How OpenBLAS was built: 0 sequential, 1 its own threads, 2 OpenMP; -1 when not OpenBLAS.
static inline int dashbrief_openblas_parallel(void) {
    int (*parallel)(void) = (int (*)(void))dashbrief_openblas_function((void *)openblas_get_parallel, "openblas_get_parallel");
    return parallel ? parallel() : -1;
}
#endif
