#include "systolic/ParallelRow.h"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace colcomb {

namespace {

// Cells [from, to) of the row; misalignment is counted only in cells that hold tile weights.
// Branch-free: whether a cell holds data and a weight follows the sparsity pattern, which a
// branch predictor cannot learn; the unconditional load reads input 0 with weight 0 where the
// cell does nothing.
template <bool InTile>
void portableCells(int from, int to, const RowRegisters& row, const RowSettings& s, RowCounts& n)
{
    long long misaligned = 0, bus = 0, macs = 0, mux = 0, hops = 0;
    bool out = false;
    for (int g = from; g < to; ++g) {
        const std::int32_t data = row.above[g];
        const std::int32_t tag = row.tagLeft[g];
        const std::int32_t sel = row.select[g];
        const std::int32_t bits = row.busBits[g];
        const std::int32_t mac = (data >= 0) & (sel >= 0);
        const std::int32_t index = (data * s.channels + sel) * mac;
        const std::int64_t product = static_cast<std::int64_t>(row.weight[g] * mac) * static_cast<std::int64_t>(s.x[index]);
        const std::int64_t psum = row.psumLeft[g] + product;
        row.stream[g] = data;
        row.tag[g] = tag;
        row.psum[g] = psum;
        if constexpr (InTile) misaligned += tag != data;  // data and partial sum carry the same vector, or both nothing
        bus += (data >= 0) * bits;
        macs += mac;
        mux += mac & (bits > s.dataBits);  // more than one channel on the bus
        hops += tag >= 0;
        out |= (psum < s.accLo) | (psum > s.accHi);
    }
    n.misaligned += misaligned;
    n.dataBusBits += bus;
    n.usefulMacs += macs;
    n.muxSelections += mux;
    n.psumHops += hops;
    n.outOfRange |= out;
}

#if defined(__AVX2__)
long long sum32(__m256i v)
{
    const __m128i h = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    const __m128i q = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
    return _mm_cvtsi128_si32(_mm_add_epi32(q, _mm_shuffle_epi32(q, 0xb1)));
}

// The cells of [from, to) that fill vectors of eight, the portable cell's arithmetic lane by
// lane; returns where it stopped. Counts are negated masks summed in 32-bit lanes (one row's
// tallies fit them); the product is the exact 64-bit one, as in the portable cell, whatever the
// inputs' range.
template <bool InTile>
int vectorCells(int from, int to, const RowRegisters& row, const RowSettings& s, RowCounts& n)
{
    const __m256i none = _mm256_set1_epi32(-1);
    const __m256i channels = _mm256_set1_epi32(s.channels);
    const __m256i dataBits = _mm256_set1_epi32(s.dataBits);
    const __m256i accLo = _mm256_set1_epi64x(s.accLo);
    const __m256i accHi = _mm256_set1_epi64x(s.accHi);
    // Locals: the stores could alias `row`, which would force its pointers to be reloaded.
    const std::int32_t* __restrict above = row.above;
    const std::int32_t* __restrict tagLeft = row.tagLeft;
    const std::int64_t* __restrict psumLeft = row.psumLeft;
    const std::int32_t* __restrict selects = row.select;
    const std::int32_t* __restrict busBits = row.busBits;
    const std::int32_t* __restrict weights = row.weight;
    const std::int32_t* __restrict x = s.x;
    std::int32_t* __restrict streamOut = row.stream;
    std::int32_t* __restrict tagOut = row.tag;
    std::int64_t* __restrict psumOut = row.psum;
    __m256i misaligned = _mm256_setzero_si256(), bus = misaligned, macs = misaligned, mux = misaligned, hops = misaligned, out = misaligned;
    int g = from;
    for (; g + 8 <= to; g += 8) {
        const __m256i data = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(above + g));
        const __m256i tag = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(tagLeft + g));
        const __m256i leftLo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(psumLeft + g));
        const __m256i leftHi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(psumLeft + g + 4));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(streamOut + g), data);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(tagOut + g), tag);
        // Idle cells (no data, no partial sum, sum 0: the wavefront has not reached them or has
        // passed) come in runs. They pass their registers on and count nothing; the test reads
        // the registers, so a stray value still goes the long way.
        const bool idle = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_and_si256(data, tag))) == 0xff && _mm256_testz_si256(_mm256_or_si256(leftLo, leftHi), _mm256_or_si256(leftLo, leftHi));
        if (idle) {
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(psumOut + g), leftLo);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(psumOut + g + 4), leftHi);
            continue;
        }
        const __m256i sel = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(selects + g));
        const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(busBits + g));
        const __m256i weight = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weights + g));

        const __m256i hasData = _mm256_cmpgt_epi32(data, none);
        const __m256i mac = _mm256_and_si256(hasData, _mm256_cmpgt_epi32(sel, none));
        const __m256i index = _mm256_add_epi32(_mm256_mullo_epi32(data, channels), sel);
        const __m256i value = _mm256_mask_i32gather_epi32(_mm256_setzero_si256(), x, index, mac, 4);
        const __m256i productLo = _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(weight)), _mm256_cvtepi32_epi64(_mm256_castsi256_si128(value)));
        const __m256i productHi =
            _mm256_mul_epi32(_mm256_cvtepi32_epi64(_mm256_extracti128_si256(weight, 1)), _mm256_cvtepi32_epi64(_mm256_extracti128_si256(value, 1)));
        const __m256i psumLo = _mm256_add_epi64(leftLo, productLo);
        const __m256i psumHi = _mm256_add_epi64(leftHi, productHi);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(psumOut + g), psumLo);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(psumOut + g + 4), psumHi);

        if constexpr (InTile) misaligned = _mm256_sub_epi32(misaligned, _mm256_xor_si256(_mm256_cmpeq_epi32(tag, data), none));
        bus = _mm256_add_epi32(bus, _mm256_and_si256(hasData, bits));
        macs = _mm256_sub_epi32(macs, mac);
        mux = _mm256_sub_epi32(mux, _mm256_and_si256(mac, _mm256_cmpgt_epi32(bits, dataBits)));
        hops = _mm256_sub_epi32(hops, _mm256_cmpgt_epi32(tag, none));
        out = _mm256_or_si256(out, _mm256_or_si256(_mm256_cmpgt_epi64(accLo, psumLo), _mm256_cmpgt_epi64(psumLo, accHi)));
        out = _mm256_or_si256(out, _mm256_or_si256(_mm256_cmpgt_epi64(accLo, psumHi), _mm256_cmpgt_epi64(psumHi, accHi)));
    }
    n.misaligned += sum32(misaligned);
    n.dataBusBits += sum32(bus);
    n.usefulMacs += sum32(macs);
    n.muxSelections += sum32(mux);
    n.psumHops += sum32(hops);
    n.outOfRange |= !_mm256_testz_si256(out, out);
    return g;
}
#endif

template <bool InTile>
void cells(int from, int to, const RowRegisters& row, const RowSettings& s, RowCounts& n)
{
#if defined(__AVX2__)
    from = vectorCells<InTile>(from, to, row, s, n);
#endif
    portableCells<InTile>(from, to, row, s, n);
}

} // namespace

void parallelRow(const RowRegisters& row, const RowSettings& s, RowCounts& n)
{
    cells<true>(0, s.cellsInTile, row, s, n);
    cells<false>(s.cellsInTile, s.cols, row, s, n);
    n.psumHops -= row.tagLeft[s.cols - 1] >= 0;  // the last cell's sum leaves the array: no hop
}

} // namespace colcomb
