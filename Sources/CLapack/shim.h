#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
// Plain structs for lapack_complex_* so that every LAPACKE prototype imports into Swift.
#define LAPACK_COMPLEX_STRUCTURE 1
#include <lapacke.h>
// Debian's alternatives point this at OpenBLAS's cblas.h (netlib's when OpenBLAS is absent).
#include <cblas.h>
#endif
