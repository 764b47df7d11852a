import Foundation

/// A minimal PNG reader for the browser test: 8-bit greyscale, RGB, RGBA and
/// grey-alpha, non-interlaced (what Chromium's `--screenshot` writes), with
/// its own inflate (RFC 1950/1951) since Foundation on Linux has none.
struct PNGImage {
    let width: Int
    let height: Int
    /// RGBA, row-major.
    let pixels: [UInt8]

    struct DecodeError: Error, CustomStringConvertible { let description: String }

    init(data: Data) throws {
        let b = [UInt8](data)
        guard b.count > 8, b[0..<8].elementsEqual([137, 80, 78, 71, 13, 10, 26, 10]) else { throw DecodeError(description: "not a PNG") }
        var pos = 8
        var w = 0, h = 0, depth = 0, colour = 0, interlace = 0
        var idat: [UInt8] = []
        func be32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        while pos + 8 <= b.count {
            let len = be32(pos)
            let type = String(decoding: b[(pos + 4)..<(pos + 8)], as: UTF8.self)
            let body = pos + 8
            guard body + len + 4 <= b.count else { throw DecodeError(description: "truncated chunk \(type)") }
            switch type {
            case "IHDR":
                w = be32(body); h = be32(body + 4); depth = Int(b[body + 8]); colour = Int(b[body + 9]); interlace = Int(b[body + 12])
            case "IDAT": idat += b[body..<(body + len)]
            default: break
            }
            pos = body + len + 4
            if type == "IEND" { break }
        }
        guard depth == 8, interlace == 0 else { throw DecodeError(description: "unsupported PNG (bit depth \(depth), interlace \(interlace))") }
        let channels: Int
        switch colour { case 0: channels = 1; case 2: channels = 3; case 4: channels = 2; case 6: channels = 4
        default: throw DecodeError(description: "unsupported colour type \(colour)") }
        guard idat.count > 2 else { throw DecodeError(description: "no image data") }
        let raw = try Inflate.inflate(Array(idat[2...]))   // skip the zlib header
        let stride = w * channels
        guard raw.count >= h * (stride + 1) else { throw DecodeError(description: "short image data: \(raw.count) bytes") }
        var out = [UInt8](repeating: 0, count: h * stride)
        for y in 0..<h {
            let filter = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1, dst = y * stride
            for x in 0..<stride {
                let a = x >= channels ? Int(out[dst + x - channels]) : 0
                let up = y > 0 ? Int(out[dst - stride + x]) : 0
                let c = (x >= channels && y > 0) ? Int(out[dst - stride + x - channels]) : 0
                let v = Int(raw[src + x])
                let r: Int
                switch filter {
                case 0: r = v
                case 1: r = v + a
                case 2: r = v + up
                case 3: r = v + (a + up) / 2
                case 4:
                    let p = a + up - c, pa = abs(p - a), pb = abs(p - up), pc = abs(p - c)
                    r = v + (pa <= pb && pa <= pc ? a : pb <= pc ? up : c)
                default: throw DecodeError(description: "bad filter \(filter)")
                }
                out[dst + x] = UInt8(truncatingIfNeeded: r)
            }
        }
        var rgba = [UInt8](repeating: 255, count: w * h * 4)
        for i in 0..<(w * h) {
            switch channels {
            case 1: rgba[i * 4] = out[i]; rgba[i * 4 + 1] = out[i]; rgba[i * 4 + 2] = out[i]
            case 2: rgba[i * 4] = out[i * 2]; rgba[i * 4 + 1] = out[i * 2]; rgba[i * 4 + 2] = out[i * 2]; rgba[i * 4 + 3] = out[i * 2 + 1]
            case 3: rgba[i * 4] = out[i * 3]; rgba[i * 4 + 1] = out[i * 3 + 1]; rgba[i * 4 + 2] = out[i * 3 + 2]
            default: for k in 0..<4 { rgba[i * 4 + k] = out[i * 4 + k] }
            }
        }
        width = w; height = h; pixels = rgba
    }

    /// Share of pixels that are not (near) white.
    var inkedShare: Double {
        var inked = 0
        for i in stride(from: 0, to: pixels.count, by: 4) where Int(pixels[i]) + Int(pixels[i + 1]) + Int(pixels[i + 2]) < 3 * 245 { inked += 1 }
        return Double(inked) / Double(max(1, width * height))
    }

    /// Number of pixels within `tolerance` of the colour `#rrggbb`.
    func count(colour hex: String, tolerance: Int = 24) -> Int {
        let v = Int(hex.dropFirst(), radix: 16)!
        let r = v >> 16, g = (v >> 8) & 255, bl = v & 255
        var n = 0
        for i in stride(from: 0, to: pixels.count, by: 4)
        where abs(Int(pixels[i]) - r) <= tolerance && abs(Int(pixels[i + 1]) - g) <= tolerance && abs(Int(pixels[i + 2]) - bl) <= tolerance { n += 1 }
        return n
    }
}

/// DEFLATE decoder (RFC 1951): stored, fixed- and dynamic-Huffman blocks.
enum Inflate {
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []
        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for i in 1..<16 { offsets[i] = offsets[i - 1] + counts[i - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l != 0 { symbols[offsets[l]] = s; offsets[l] += 1 }
        }
    }

    struct Bits {
        let data: [UInt8]
        var pos = 0, bit = 0
        mutating func take(_ n: Int) throws -> Int {
            var v = 0
            for i in 0..<n {
                guard pos < data.count else { throw PNGImage.DecodeError(description: "inflate: out of data") }
                v |= Int((data[pos] >> UInt8(bit)) & 1) << i
                bit += 1
                if bit == 8 { bit = 0; pos += 1 }
            }
            return v
        }
        mutating func decode(_ h: Huffman) throws -> Int {
            var code = 0, first = 0, index = 0
            for len in 1..<16 {
                code |= try take(1)
                let count = h.counts[len]
                if code - count < first { return h.symbols[index + (code - first)] }
                index += count; first += count; first <<= 1; code <<= 1
            }
            throw PNGImage.DecodeError(description: "inflate: bad code")
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func inflate(_ input: [UInt8]) throws -> [UInt8] {
        var s = Bits(data: input)
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 4)
        let fixedLit = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
        let fixedDist = Huffman(lengths: [Int](repeating: 5, count: 30))
        var last = 0
        repeat {
            last = try s.take(1)
            let type = try s.take(2)
            switch type {
            case 0:
                if s.bit != 0 { s.bit = 0; s.pos += 1 }
                guard s.pos + 4 <= input.count else { throw PNGImage.DecodeError(description: "inflate: stored header") }
                let len = Int(input[s.pos]) | Int(input[s.pos + 1]) << 8
                s.pos += 4
                guard s.pos + len <= input.count else { throw PNGImage.DecodeError(description: "inflate: stored block") }
                out += input[s.pos..<(s.pos + len)]
                s.pos += len
            case 1: try codes(&s, &out, fixedLit, fixedDist)
            case 2:
                let nlen = try s.take(5) + 257, ndist = try s.take(5) + 1, ncode = try s.take(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var cl = [Int](repeating: 0, count: 19)
                for i in 0..<ncode { cl[order[i]] = try s.take(3) }
                let clh = Huffman(lengths: cl)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let sym = try s.decode(clh)
                    switch sym {
                    case 0..<16: lengths.append(sym)
                    case 16:
                        guard let prev = lengths.last else { throw PNGImage.DecodeError(description: "inflate: repeat with no length") }
                        lengths += [Int](repeating: prev, count: 3 + (try s.take(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try s.take(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try s.take(7)))
                    }
                }
                try codes(&s, &out, Huffman(lengths: Array(lengths[0..<nlen])), Huffman(lengths: Array(lengths[nlen..<(nlen + ndist)])))
            default: throw PNGImage.DecodeError(description: "inflate: bad block type")
            }
        } while last == 0
        return out
    }

    static func codes(_ s: inout Bits, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman) throws {
        while true {
            let sym = try s.decode(lit)
            if sym < 256 { out.append(UInt8(sym)); continue }
            if sym == 256 { return }
            let li = sym - 257
            guard li < 29 else { throw PNGImage.DecodeError(description: "inflate: bad length symbol") }
            let len = lengthBase[li] + (try s.take(lengthExtra[li]))
            let di = try s.decode(dist)
            guard di < 30 else { throw PNGImage.DecodeError(description: "inflate: bad distance symbol") }
            let d = distBase[di] + (try s.take(distExtra[di]))
            guard d <= out.count else { throw PNGImage.DecodeError(description: "inflate: distance too far") }
            let start = out.count - d
            for k in 0..<len { out.append(out[start + k]) }
        }
    }
}
