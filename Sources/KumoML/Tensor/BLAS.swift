import COpenBLAS

/// Matrix products through OpenBLAS's CBLAS, row-major, with explicit leading dimensions so a
/// kernel can address strided slices (one time step of a batch, one attention head).
enum BLAS {
    /// C (m × n, row stride ldc) = alpha · op(A) · op(B) + beta · C, where op(A) is m × k and op(B) k × n.
    static func gemm(
        _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false, _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        _ c: UnsafeMutablePointer<Float>, ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta == 0 { for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) } }
            return
        }
        if m == 1 {
            // A row times a matrix: a matrix-vector product, which OpenBLAS does without packing.
            let increment = Int32(transposeA ? lda : 1)
            if transposeB {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), alpha, b, Int32(ldb), a, increment, beta, c, 1)
            } else {
                cblas_sgemv(CblasRowMajor, CblasTrans, Int32(k), Int32(n), alpha, b, Int32(ldb), a, increment, beta, c, 1)
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha, a,
            Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Lets OpenBLAS use `count` threads for large products (the predictor splits batches itself).
    static func setThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }
}
