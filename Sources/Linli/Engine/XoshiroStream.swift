import CGSL

/// The same generator and stream as `RandomStream` (xoshiro256++ seeded from
/// (seed, replicate, stream) through SplitMix64), held as a value: 32 bytes
/// that live in registers inside a hot loop, with no GSL indirection.
///
/// Use it where a loop draws once or a few times per resident per day; use
/// `RandomStream` for GSL's distributions. For the same (seed, replicate,
/// stream) both give the same `uniform()` sequence.
public struct XoshiroStream: Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64, replicate: Int, stream: UInt64) {
        self.init(rawSeed: linli_stream_seed(seed, UInt64(replicate), stream))
    }

    /// Seeds directly with a 64-bit value, expanded with SplitMix64 as GSL's `set` does.
    public init(rawSeed: UInt64) {
        var x = rawSeed
        s0 = linli_splitmix64(&x); s1 = linli_splitmix64(&x)
        s2 = linli_splitmix64(&x); s3 = linli_splitmix64(&x)
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s0 &+ s3).rotatedLeft(23) &+ s0
        let t = s1 &<< 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double { Double(next() &>> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<n (n ≥ 1), by Lemire's multiply-shift (bias below 2^-32 for n < 2^32).
    @inlinable @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: next() &>> 32) &* UInt64(n)) &>> 32)
    }
}

extension UInt64 {
    @inlinable @inline(__always)
    func rotatedLeft(_ k: UInt64) -> UInt64 { (self &<< k) | (self &>> (64 &- k)) }
}

extension XoshiroStream: RandomNumberGenerator {}
