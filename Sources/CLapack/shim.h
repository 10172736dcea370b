#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
// Plain structs for lapack_complex_* so that every LAPACKE prototype imports into Swift.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <lapacke.h>
// Debian's alternatives point this at OpenBLAS's cblas.h (netlib's when OpenBLAS is absent).
#include <cblas.h>

// OpenBLAS's own threads (see Stats' BLASThreads). Weak, so that netlib's BLAS, which has no
// threads and no such functions, still links: the wrappers then say so (-1, 0).
extern void openblas_set_num_threads(int) __attribute__((weak));
extern int openblas_get_num_threads(void) __attribute__((weak));
extern int openblas_get_parallel(void) __attribute__((weak));

/// OpenBLAS's thread count; -1 when BLAS is not OpenBLAS.
static inline int dashbrief_openblas_threads(void) {
    return openblas_get_num_threads ? openblas_get_num_threads() : -1;
}

/// Sets OpenBLAS's thread count; 0 when BLAS is not OpenBLAS.
static inline int dashbrief_openblas_set_threads(int count) {
    if (!openblas_set_num_threads) return 0;
    openblas_set_num_threads(count);
    return 1;
}

/// How OpenBLAS was built: 0 sequential, 1 its own threads, 2 OpenMP; -1 when not OpenBLAS.
static inline int dashbrief_openblas_parallel(void) {
    return openblas_get_parallel ? openblas_get_parallel() : -1;
}
#endif
